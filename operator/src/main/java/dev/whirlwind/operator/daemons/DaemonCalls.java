package dev.whirlwind.operator.daemons;

import dev.whirlwind.protocol.cache.CacheClient;
import dev.whirlwind.protocol.http.DaemonException;
import dev.whirlwind.protocol.runtime.DaemonThreads;
import dev.whirlwind.protocol.tracker.TrackerClient;
import dev.whirlwind.protocol.transcode.TranscoderClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Every call the operator makes to a daemon goes through here: on a bounded pool of threads, with a
 * timeout, with one shared HTTP client, so that neither a slow daemon nor a large catalog can tie
 * up the reconcile threads or open connections without limit.
 */
public final class DaemonCalls implements AutoCloseable {
  private final HttpClient http;
  private final Duration timeout;
  private final ExecutorService pool;
  private final UnaryOperator<String> adminAddress;

  /** Calls to daemons with one port each, as in standalone mode and tests. */
  public DaemonCalls(Duration timeout, int concurrency) {
    this(timeout, concurrency, UnaryOperator.identity());
  }

  /**
   * @param adminAddress where the admin API of the daemon at a base URL answers ({@link
   *     dev.whirlwind.operator.locate.DaemonLocator#adminUrl}); every call goes there
   */
  public DaemonCalls(Duration timeout, int concurrency, UnaryOperator<String> adminAddress) {
    this.adminAddress = adminAddress;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .executor(Executors.newCachedThreadPool(DaemonThreads.named("daemon-http")))
            .build();
    this.timeout = timeout;
    this.pool = Executors.newFixedThreadPool(concurrency, DaemonThreads.named("daemon-call"));
  }

  public Duration timeout() {
    return timeout;
  }

  /** The admin API of the cache that clients reach at {@code baseUrl}. */
  public CacheClient cache(String baseUrl, String token) {
    return new CacheClient(adminAddress.apply(baseUrl), token, http, timeout);
  }

  /** The admin API of the shards that clients reach at {@code shardUrls}. */
  public TrackerClient trackers(List<String> shardUrls, String token) {
    return new TrackerClient(shardUrls, token, http, timeout, adminAddress);
  }

  public TranscoderClient transcoder(String baseUrl, String token) {
    return new TranscoderClient(adminAddress.apply(baseUrl), token, http, timeout);
  }

  /** Where the admin API of the daemon clients reach at {@code baseUrl} answers. */
  public String adminUrl(String baseUrl) {
    return adminAddress.apply(baseUrl);
  }

  /** A call on the pool; it fails after the timeout (plus a second) whatever the daemon does. */
  public <T> CompletableFuture<T> call(Callable<T> work) {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return work.call();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            },
            pool)
        .orTimeout(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
  }

  /** What went wrong with a call, in a few words: the daemon's error, or the transport's. */
  public static String describe(Throwable t) {
    while ((t instanceof CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof DaemonException d) {
      return "HTTP " + d.status() + (d.error() == null ? "" : " " + d.error()) + ": " + d.detail();
    }
    if (t instanceof java.util.concurrent.TimeoutException
        || t instanceof java.net.http.HttpTimeoutException) {
      return "no answer within the timeout";
    }
    if (t instanceof java.net.ConnectException) {
      return "connection refused";
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
