package dev.whirlwind.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A packaged daemon jar running as a child process, with its log kept for failure messages. */
final class DaemonProcess implements AutoCloseable {
  final Process process;
  final Path log;

  private DaemonProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** A one-shard tracker on loopback ({@link #trackerConfig}), started and ready. */
  static DaemonProcess readyTracker(Path dir, int port, Path token) throws Exception {
    return ready(
        start("tracker-daemon", trackerConfig(dir, port, token), dir), "http://127.0.0.1:" + port);
  }

  /** A cache on loopback ({@link #cacheConfig}), started and ready. */
  static DaemonProcess readyCache(Path dir, String name, int port, String tracker, Path token)
      throws Exception {
    return ready(
        start("cache-daemon", cacheConfig(dir, name, port, tracker, token), dir),
        "http://127.0.0.1:" + port);
  }

  static DaemonProcess start(String module, Path config, Path dir) throws IOException {
    Path jar = RenderCommandTest.ROOT.resolve(module + "/target/" + module + ".jar");
    // JavaCPP unpacks its natives under the test's directory, not the home (TOOLCHAIN pitfall 8).
    return start(
        module,
        List.of(
            "java",
            "-Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("javacpp"),
            "-jar",
            jar.toString()),
        config,
        dir);
  }

  /** A daemon started by {@code launch} (its JVM and main class) with {@code --config}. */
  static DaemonProcess start(String name, List<String> launch, Path config, Path dir)
      throws IOException {
    Path log = dir.resolve(name + ".log");
    List<String> command = new java.util.ArrayList<>(launch);
    command.add("--config");
    command.add(config.toString());
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new DaemonProcess(p, log);
  }

  /** Waits for {@code base}/readyz; closes the daemon and fails with its log when it never is. */
  static DaemonProcess ready(DaemonProcess d, String base) throws Exception {
    try {
      d.awaitReady(base + "/readyz", Duration.ofSeconds(60));
      return d;
    } catch (Exception | AssertionError e) {
      d.close();
      throw e;
    }
  }

  /**
   * A cache daemon's config on loopback, heartbeating every second; shaping is tested in
   * cache-daemon, so here every rate is far above what the clients can take.
   */
  static Path cacheConfig(Path dir, String name, int port, String tracker, Path token)
      throws Exception {
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "bindAddress: 127.0.0.1",
            "port: " + port,
            "publicBaseUrl: http://127.0.0.1:" + port,
            "bandwidthBytesPerSecond: 500000000",
            "defaultShareBytesPerSecond: 500000000",
            "dataDir: " + dir.resolve(name + "-data"),
            "adminTokenFile: " + token,
            "heartbeatIntervalSeconds: 1",
            "trackers: [[" + tracker + "]]",
            ""));
    return config;
  }

  /**
   * A one-shard tracker on loopback that expects cache heartbeats every second, with {@code more}
   * configuration lines.
   */
  static Path trackerConfig(Path dir, int port, Path token, String... more) throws IOException {
    Path config = dir.resolve("tracker.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "bindAddress: 127.0.0.1",
            "httpPort: " + port,
            "udpPort: 0",
            "cacheHeartbeatIntervalSeconds: 1",
            "probeIntervalSeconds: 3600",
            "stateDir: " + dir.resolve("tracker-state"),
            "adminTokenFile: " + token,
            "shardUrls: [http://127.0.0.1:" + port + "]",
            String.join("\n", more),
            ""));
    return config;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits until {@code url} answers 200, or fails with the daemon's log. */
  void awaitReady(String url, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("daemon exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        var r =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    throw new AssertionError("daemon not ready within " + timeout + ":\n" + log());
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
