package dev.whirlwind.operator.web;

import dev.whirlwind.operator.catalog.CatalogObservation.CacheView;
import dev.whirlwind.operator.catalog.CatalogObserver;
import dev.whirlwind.operator.daemons.DaemonCalls;
import dev.whirlwind.operator.scheduling.PoolRegistry;
import dev.whirlwind.protocol.tracker.SwarmReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@link Telemetry} sample of the pools the scheduler knows: a holdings read per cache and a
 * swarms read per tracker shard, through the same bounded calls the reconcilers use. Standalone
 * mode and the operator's console both sample this way.
 */
public final class TelemetrySampler {
  private final DaemonCalls calls;
  private final CatalogObserver observer;
  private final Telemetry telemetry;
  private final Clock clock;

  public TelemetrySampler(
      DaemonCalls calls, CatalogObserver observer, Telemetry telemetry, Clock clock) {
    this.calls = calls;
    this.observer = observer;
    this.telemetry = telemetry;
    this.clock = clock;
  }

  public Telemetry telemetry() {
    return telemetry;
  }

  /** Reads every cache and shard of these pools once and records what they answered. */
  public Telemetry.Sample sample(List<PoolRegistry.Scheduled> pools) {
    Map<String, List<CacheView>> caches = new TreeMap<>();
    List<SwarmReport> swarms = new ArrayList<>();
    for (PoolRegistry.Scheduled s : pools) {
      PoolRegistry.Pool p = s.pool();
      caches.put(p.key(), observer.caches(p.namespace(), p.name(), p.caches(), s.token()));
      for (PoolRegistry.Catalog c : s.catalogs()) {
        for (String url : c.shardUrls()) {
          try {
            swarms.addAll(
                calls.call(() -> calls.trackers(List.of(url), s.token()).swarms(url)).join());
          } catch (RuntimeException e) {
            // An unreachable shard is missing from this sample; the catalog's status says why.
          }
        }
      }
    }
    return telemetry.record(clock.instant(), caches, swarms);
  }
}
