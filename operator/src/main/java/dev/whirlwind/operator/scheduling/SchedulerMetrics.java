package dev.whirlwind.operator.scheduling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scheduler's metrics, labelled by pool only (never by content): the last round's measured and
 * modelled multipliers, bandwidth pushed, swarms scheduled, daemons it could not reach, and rounds
 * by outcome.
 */
public final class SchedulerMetrics {
  private final MeterRegistry registry;
  // Meters hold their objects weakly: these maps keep the figures alive.
  private final Map<String, AllocationReport> latest = new ConcurrentHashMap<>();
  private final Map<String, Boolean> gauged = new ConcurrentHashMap<>();

  public SchedulerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void recorded(String pool, AllocationReport report) {
    latest.put(pool, report);
    gauged.computeIfAbsent(
        pool,
        p -> {
          gauge("whirlwind_scheduler_bandwidth_multiplier", p, r -> r.measuredMultiplier());
          gauge("whirlwind_scheduler_modelled_multiplier", p, r -> r.modelledMultiplier());
          gauge(
              "whirlwind_scheduler_allocated_bytes_per_second",
              p,
              r -> (double) r.totalShareBytesPerSecond());
          gauge("whirlwind_scheduler_swarms", p, r -> (double) r.swarms());
          gauge("whirlwind_scheduler_unreachable_daemons", p, r -> (double) r.unreachable().size());
          return true;
        });
  }

  private void gauge(
      String name, String pool, java.util.function.ToDoubleFunction<AllocationReport> f) {
    Gauge.builder(
            name, latest, m -> m.containsKey(pool) ? f.applyAsDouble(m.get(pool)) : Double.NaN)
        .tag("pool", pool)
        .strongReference(true)
        .register(registry);
  }

  void round(String pool, String outcome) {
    Counter.builder("whirlwind.scheduler.rounds")
        .tag("pool", pool)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
