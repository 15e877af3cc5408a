package dev.whirlwind.operator.standalone;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.whirlwind.operator.web.ConsoleHandler;
import dev.whirlwind.protocol.runtime.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Standalone mode's own HTTP port on loopback: the console ({@link ConsoleHandler}: the page,
 * {@code /api/status}, {@code /api/telemetry}) and {@code /samples/NAME.mp4}, the built-in origin
 * (GET and HEAD, byte ranges). Anything else is a JSON 404; a handful of threads bound it.
 */
final class ConsoleServer implements AutoCloseable {
  private static final Pattern SAMPLE = Pattern.compile("/samples/([a-z0-9][a-z0-9-]*\\.mp4)");
  private static final int THREADS = 8;

  static {
    ConsoleHandler.limitJdkHttpServer();
  }

  private final HttpServer server;
  private final ExecutorService threads =
      Executors.newFixedThreadPool(THREADS, DaemonThreads.named("console-http"));
  private final Path samples;
  private final ConsoleHandler page;
  // Per sample that exists (so bounded by the files): requests and bytes this run served.
  private final Map<String, LongAdder> originRequests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> originBytes = new ConcurrentHashMap<>();

  ConsoleServer(int port, Path samples, ConsoleHandler page) throws IOException {
    this.samples = samples;
    this.page = page;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** What the built-in origin served this run, per sample: requests and bytes. */
  Map<String, Map<String, Long>> originServed() {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    originRequests.forEach(
        (name, n) ->
            out.put(
                name,
                Map.of(
                    "requests",
                    n.sum(),
                    "bytes",
                    originBytes.getOrDefault(name, new LongAdder()).sum())));
    return out;
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return LoopbackPlacement.url(port());
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        error(ex, 405, "method not allowed", method + " is not served here; use GET or HEAD");
        return;
      }
      var sample = SAMPLE.matcher(path);
      if (sample.matches()) {
        sample(ex, samples.resolve(sample.group(1)), method.equals("HEAD"));
      } else if (!page.handle(ex, path)) {
        error(ex, 404, "not found", "nothing at " + path + "; the page is at /");
      }
    }
  }

  private void sample(HttpExchange ex, Path file, boolean head) throws IOException {
    if (!Files.isRegularFile(file)) {
      error(ex, 404, "not found", "no sample " + file.getFileName());
      return;
    }
    long length = Files.size(file);
    String name = file.getFileName().toString();
    originRequests.computeIfAbsent(name, n -> new LongAdder()).increment();
    LongAdder served = originBytes.computeIfAbsent(name, n -> new LongAdder());
    var h = ex.getResponseHeaders();
    h.set("Content-Type", "video/mp4");
    h.set("Accept-Ranges", "bytes");
    h.set("Access-Control-Expose-Headers", "Content-Range, Content-Length, Accept-Ranges");
    ByteRange.Answer answer = ByteRange.of(ex.getRequestHeaders().getFirst("Range"), length);
    long first = 0;
    long count = length;
    int code = 200;
    if (answer instanceof ByteRange.Unsatisfiable) {
      h.set("Content-Range", "bytes */" + length);
      error(ex, 416, "range not satisfiable", "the sample has " + length + " bytes");
      return;
    }
    if (answer instanceof ByteRange.Part part) {
      first = part.range().first();
      count = part.range().length();
      code = 206;
      h.set("Content-Range", "bytes " + first + "-" + part.range().last() + "/" + length);
    }
    if (head) {
      h.set("Content-Length", Long.toString(count));
      ex.sendResponseHeaders(code, -1);
      return;
    }
    ex.sendResponseHeaders(code, count);
    try (InputStream in = Files.newInputStream(file);
        OutputStream out = ex.getResponseBody()) {
      in.skipNBytes(first);
      byte[] buf = new byte[64 * 1024];
      long left = count;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          break;
        }
        out.write(buf, 0, n);
        served.add(n);
        left -= n;
      }
    }
  }

  private static void error(HttpExchange ex, int code, String error, String detail)
      throws IOException {
    ConsoleHandler.error(ex, code, error, detail);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
