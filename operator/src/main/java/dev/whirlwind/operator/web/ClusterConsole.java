package dev.whirlwind.operator.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.whirlwind.operator.scheduling.PoolRegistry;
import dev.whirlwind.protocol.runtime.DaemonThreads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's console in a cluster: the standalone page, read-only, on its own port (reach it
 * with {@code kubectl port-forward}), and a telemetry sample of the scheduler's pools every {@link
 * #EVERY}. Only the leader's reconcilers fill the registry, so a standby replica shows the catalogs
 * without live rates.
 */
public final class ClusterConsole implements AutoCloseable {
  static final Duration EVERY = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(ClusterConsole.class);
  private static final int THREADS = 4;

  private final HttpServer server;
  private final ExecutorService threads =
      Executors.newFixedThreadPool(THREADS, DaemonThreads.named("console-http"));
  private final ScheduledExecutorService sampling =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("console-telemetry"));
  private final ConsoleHandler page;

  public ClusterConsole(int port, ConsoleHandler page, TelemetrySampler sampler, PoolRegistry pools)
      throws IOException {
    this.page = page;
    server = HttpServer.create(new InetSocketAddress(port), 64);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
    sampling.scheduleWithFixedDelay(
        () -> {
          try {
            sampler.sample(pools.scheduled());
          } catch (RuntimeException e) {
            LOG.warn("console telemetry sample failed: {}", e.toString());
          }
        },
        EVERY.toSeconds(),
        EVERY.toSeconds(),
        TimeUnit.SECONDS);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        ConsoleHandler.error(ex, 405, "method not allowed", "the console is read-only");
        return;
      }
      String path = ex.getRequestURI().getPath();
      if (!page.handle(ex, path)) {
        ConsoleHandler.error(ex, 404, "not found", "nothing at " + path + "; the page is at /");
      }
    }
  }

  @Override
  public void close() {
    sampling.shutdownNow();
    server.stop(0);
    threads.shutdownNow();
  }
}
