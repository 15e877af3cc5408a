package dev.whirlwind.protocol.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal HTTP origin for tests: serves byte arrays by path prefix with single byte ranges (206),
 * as a mirror or a cache's {@code /c/{id}/{name}} would. It stands in for the cache daemon until
 * the tracker and the cache are tested together.
 */
public final class RangeFileServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
  private final HttpServer server;
  private final String host;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final AtomicLong bytesServed = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private volatile boolean corrupt;
  private volatile long delayMillis;
  private volatile long stallAfter = Long.MAX_VALUE;
  private final java.util.concurrent.CountDownLatch closed =
      new java.util.concurrent.CountDownLatch(1);

  /** Flips one byte in every response from now on: a mirror serving other bytes. */
  public RangeFileServer corrupt() {
    corrupt = true;
    return this;
  }

  /** Holds every response this long before sending it: a slow source. */
  public RangeFileServer delayEachResponse(long millis) {
    delayMillis = millis;
    return this;
  }

  /** Answers {@code requests} requests, then holds every later one until closed: a hung source. */
  public RangeFileServer stallAfter(long requests) {
    stallAfter = requests;
    return this;
  }

  public long requests() {
    return requests.get();
  }

  public RangeFileServer() throws IOException {
    this("127.0.0.1");
  }

  /** On {@code host} (e.g. a KinD network's gateway, for pods to reach), on a free port. */
  public RangeFileServer(String host) throws IOException {
    this.host = host;
    server = HttpServer.create(new InetSocketAddress(host, 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", this::serve);
    server.start();
  }

  /** Serves {@code data} at {@code path} and at every path below it ({@code path/name}). */
  public RangeFileServer put(String path, byte[] data) {
    files.put(path, data);
    return this;
  }

  public String url(String path) {
    return "http://" + host + ":" + server.getAddress().getPort() + path;
  }

  public String baseUrl() {
    return url("");
  }

  public long bytesServed() {
    return bytesServed.get();
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      byte[] data = files.get(path);
      if (data == null) {
        int slash = path.lastIndexOf('/');
        data = slash > 0 ? files.get(path.substring(0, slash)) : null;
      }
      if (data == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      ex.getResponseHeaders().set("Accept-Ranges", "bytes");
      ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
      String range = ex.getRequestHeaders().getFirst("Range");
      long start = 0;
      long end = data.length - 1L;
      int status = 200;
      if (range != null) {
        Matcher m = RANGE.matcher(range);
        if (m.matches()) {
          start = Long.parseLong(m.group(1));
          end =
              m.group(2).isEmpty()
                  ? data.length - 1L
                  : Math.min(Long.parseLong(m.group(2)), data.length - 1L);
          if (start > end) {
            ex.getResponseHeaders().set("Content-Range", "bytes */" + data.length);
            ex.sendResponseHeaders(416, -1);
            return;
          }
          status = 206;
          ex.getResponseHeaders()
              .set("Content-Range", "bytes " + start + "-" + end + "/" + data.length);
        }
      }
      long length = end - start + 1;
      if (requests.incrementAndGet() > stallAfter) {
        try {
          closed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      if (delayMillis > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(delayMillis * 1_000_000L);
      }
      boolean head = "HEAD".equals(ex.getRequestMethod());
      ex.sendResponseHeaders(status, head ? -1 : length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          if (corrupt && length > 0) {
            byte[] copy = java.util.Arrays.copyOfRange(data, (int) start, (int) (start + length));
            copy[copy.length / 2] ^= 0x5a;
            out.write(copy);
          } else {
            out.write(data, (int) start, (int) length);
          }
        }
        bytesServed.addAndGet(length);
      }
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
  }
}
