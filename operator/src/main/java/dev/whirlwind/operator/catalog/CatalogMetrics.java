package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.VideoCatalogStatus;
import dev.whirlwind.operator.kube.Conditions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Each catalog's last recorded status as gauges, for the chart's alerts and dashboard: whether it
 * is Degraded, and its Ready, failed and total videos. One entry per catalog in the cluster; an
 * entry not recorded within {@code maxAge} (a deleted catalog: every catalog is reconciled at least
 * every {@code catalogs.readySeconds}) has its gauges removed.
 */
public final class CatalogMetrics {
  private final MeterRegistry registry;
  private final Clock clock;
  private final Duration maxAge;
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  record Key(String namespace, String catalog) {}

  private record Entry(VideoCatalogStatus status, Instant at, List<Gauge> gauges) {}

  public CatalogMetrics(MeterRegistry registry, Clock clock, Duration maxAge) {
    this.registry = registry;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** Records a catalog's status as just written, and forgets catalogs no longer reconciled. */
  public void recorded(String namespace, String catalog, VideoCatalogStatus status) {
    if (status == null) {
      return;
    }
    Key key = new Key(namespace, catalog);
    Instant now = clock.instant();
    entries.compute(
        key, (k, old) -> new Entry(status, now, old != null ? old.gauges() : register(k)));
    entries.forEach(
        (k, e) -> {
          if (e.at().plus(maxAge).isBefore(now) && entries.remove(k, e)) {
            e.gauges().forEach(registry::remove);
          }
        });
  }

  private List<Gauge> register(Key key) {
    return List.of(
        gauge("whirlwind_catalog_degraded", key, s -> degraded(s) ? 1 : 0),
        gauge("whirlwind_catalog_videos_ready", key, s -> count(s.readyVideos)),
        gauge("whirlwind_catalog_videos_failed", key, s -> count(s.failedVideos)),
        gauge("whirlwind_catalog_videos", key, s -> count(s.totalVideos)));
  }

  private Gauge gauge(String name, Key key, ToDoubleFunction<VideoCatalogStatus> f) {
    return Gauge.builder(
            name,
            entries,
            m -> {
              Entry e = m.get(key);
              return e == null ? Double.NaN : f.applyAsDouble(e.status());
            })
        // namespace/name in one tag, like the scheduler's pool tag: a `namespace` tag would
        // clash with the label Prometheus gives the operator's own target.
        .tag("catalog", key.namespace() + "/" + key.catalog())
        .strongReference(true)
        .register(registry);
  }

  private static double count(Integer n) {
    return n == null ? 0 : n;
  }

  static boolean degraded(VideoCatalogStatus status) {
    return status.conditions != null
        && status.conditions.stream()
            .anyMatch(c -> Conditions.DEGRADED.equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
