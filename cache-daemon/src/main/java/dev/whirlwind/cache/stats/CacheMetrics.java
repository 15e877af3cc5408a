package dev.whirlwind.cache.stats;

import dev.whirlwind.cache.storage.ContentStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The cache's Prometheus metrics. None carries a per-content label; per-content figures go to the
 * trackers in heartbeats. Counters exist up front, so the serving path only increments.
 */
public final class CacheMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter hits = requests("hit");
  private final Counter misses = requests("miss");
  private final Counter notModified = requests("not_modified");
  private final Counter rejected = requests("rejected");
  private final Counter evictions = registry.counter("whirlwind_cache_evictions");
  private final LongAdder shapingDelayNanos = new LongAdder();
  private final java.util.function.LongSupplier downloadedBytes;

  public CacheMetrics(
      ContentStore store,
      ServedBytes served,
      IntSupplier activeDownloads,
      java.util.function.LongSupplier downloadedBytes) {
    // Meters hold their objects weakly; these suppliers are method references nothing else
    // keeps, so this object does (else the value turns NaN at the first garbage collection).
    this.downloadedBytes = downloadedBytes;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    FunctionCounter.builder("whirlwind_cache_served_bytes", served, ServedBytes::total)
        .description("Bytes of content sent to clients")
        .register(registry);
    FunctionCounter.builder(
            "whirlwind_cache_shaping_delay_seconds", shapingDelayNanos, d -> d.sum() / 1e9)
        .description("Time responses waited for their content's or the node's bandwidth share")
        .register(registry);
    Gauge.builder("whirlwind_cache_stored_bytes", store, ContentStore::usedBytes)
        .register(registry);
    Gauge.builder("whirlwind_cache_contents", store, s -> s.all().size()).register(registry);
    FunctionCounter.builder(
            "whirlwind_cache_downloaded_bytes",
            downloadedBytes,
            java.util.function.LongSupplier::getAsLong)
        .description("Bytes cloud downloads and pull-throughs fetched from their sources")
        .register(registry);
    Gauge.builder("whirlwind_cache_downloads_active", activeDownloads, IntSupplier::getAsInt)
        .strongReference(true)
        .register(registry);
  }

  public void watchAccessLog(dev.whirlwind.cache.serve.AccessLog log) {
    FunctionCounter.builder(
            "whirlwind_cache_access_log_dropped_lines",
            log,
            dev.whirlwind.cache.serve.AccessLog::dropped)
        .description("Access log lines dropped because the log's queue was full")
        .register(registry);
  }

  private Counter requests(String result) {
    return Counter.builder("whirlwind_cache_requests").tag("result", result).register(registry);
  }

  public void hit() {
    hits.increment();
  }

  public void miss() {
    misses.increment();
  }

  public void notModified() {
    notModified.increment();
  }

  public void rejected() {
    rejected.increment();
  }

  public void evicted() {
    evictions.increment();
  }

  public void shapingDelay(long nanos) {
    shapingDelayNanos.add(nanos);
  }

  public String scrape() {
    return registry.scrape();
  }
}
