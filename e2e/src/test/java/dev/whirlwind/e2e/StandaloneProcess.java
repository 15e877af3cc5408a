package dev.whirlwind.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** {@code operator.jar standalone} as a user runs it, its output kept in a file. */
final class StandaloneProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final Process process;
  final Path output;
  final int port;

  private StandaloneProcess(Process process, Path output, int port) {
    this.process = process;
    this.output = output;
    this.port = port;
  }

  static StandaloneProcess start(Path manifest, Path workDir, int port, int basePort, Path output)
      throws IOException {
    return start(manifest, workDir, port, basePort, output, List.of());
  }

  static StandaloneProcess start(
      Path manifest, Path workDir, int port, int basePort, Path output, List<String> options)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "java",
                "-Dwhirlwind.home=" + RenderCommandTest.ROOT,
                "-jar",
                RenderCommandTest.JAR.toString(),
                "standalone",
                "-f",
                manifest.toString(),
                "--work-dir",
                workDir.toString(),
                "--port",
                Integer.toString(port),
                "--base-port",
                Integer.toString(basePort)));
    command.addAll(options);
    ProcessBuilder b =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    // A user's operator settings must not reach the daemons (they refuse unknown keys).
    b.environment().put("WHIRLWIND_HEALTH_PORT", "1");
    b.environment().put("WHIRLWIND_LOG_LEVEL", "INFO");
    return new StandaloneProcess(b.start(), output, port);
  }

  /** {@code /api/status}, or null while the console does not answer. */
  JsonNode status() {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/status"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The catalog's status as the run keeps it, or a missing node. */
  JsonNode catalog(String key) {
    JsonNode s = status();
    return s == null ? JSON.missingNode() : s.path("catalogs").path(key);
  }

  String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** What the run's caches served of these contents, from their own counters (admin API). */
  long servedBytes(java.util.Set<String> contentIds, Path workDir) throws Exception {
    String token = Files.readString(workDir.resolve("token")).strip();
    long sum = 0;
    for (JsonNode d : status().path("daemons")) {
      if (!d.path("name").asText().contains("-cache-")) {
        continue;
      }
      for (var h :
          new dev.whirlwind.protocol.cache.CacheClient(
                  d.path("url").asText(), token, HTTP, Duration.ofSeconds(5))
              .holdings()
              .contents()) {
        if (contentIds.contains(h.contentId())) {
          sum += h.servedBytes();
        }
      }
    }
    return sum;
  }

  /** The daemons' pids, as the run lists them. */
  List<Long> daemonPids() {
    List<Long> out = new ArrayList<>();
    JsonNode s = status();
    if (s != null) {
      for (JsonNode d : s.path("daemons")) {
        if (d.hasNonNull("pid")) {
          out.add(d.get("pid").asLong());
        }
      }
    }
    return out;
  }

  /** Ctrl-C: SIGINT to the standalone process, as a terminal sends it. */
  void interrupt() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("standalone did not stop within " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  /** A loopback port block of {@code count} free ports (TCP and UDP), for --base-port. */
  static int freePortBlock(int count) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20000, 30000);
      boolean free = true;
      for (int p = base; p < base + count && free; p++) {
        free = free(p);
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no block of " + count + " free loopback ports");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket();
        DatagramSocket d = new DatagramSocket(null)) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      d.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      interrupt();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
