package dev.whirlwind.operator.scheduling;

import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.catalog.CatalogObservation.CacheView;
import dev.whirlwind.operator.catalog.CatalogObserver;
import dev.whirlwind.operator.daemons.DaemonCalls;
import dev.whirlwind.protocol.cache.HeldContent;
import dev.whirlwind.protocol.runtime.DaemonThreads;
import dev.whirlwind.protocol.tracker.SwarmReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler loop, run by the leader only: every pool's round each {@code intervalSeconds} (the
 * shortest its catalogs ask for). A round makes one call per daemon, not per video: {@code GET
 * /v1/swarms} from each tracker shard of the pool's catalogs and {@code GET /v1/holdings} from each
 * of its caches, then {@link AllocationRound} and one {@code PUT /v1/shares} per cache. A daemon
 * that does not answer is left out of the round and keeps its last shares; it never stops the round
 * for the others. Calls run on the shared bounded pool with its timeout, and rounds on a thread of
 * their own, never on a reconcile thread.
 */
public final class SchedulerLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerLoop.class);

  private final PoolRegistry registry;
  private final AllocationBoard board;
  private final DaemonCalls calls;
  private final CatalogObserver observer;
  private final OperatorConfig.Scheduler config;

  private dev.whirlwind.operator.scheduler.AllocationSolver solver() {
    return OperatorConfig.Scheduler.EQUAL_SPLIT.equals(config.solver())
        ? dev.whirlwind.operator.scheduler.Proportional.equalSplit()
        : new dev.whirlwind.operator.scheduler.KktSolver();
  }

  private final Clock clock;
  private final SchedulerMetrics metrics;
  private final Map<String, PoolState> states = new ConcurrentHashMap<>();
  private final Map<String, Instant> due = new ConcurrentHashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService ticks =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("scheduler-tick"));
  private final ExecutorService rounds =
      Executors.newFixedThreadPool(2, DaemonThreads.named("scheduler-round"));
  private volatile boolean started;

  public SchedulerLoop(
      PoolRegistry registry,
      AllocationBoard board,
      DaemonCalls calls,
      CatalogObserver observer,
      OperatorConfig.Scheduler config,
      Clock clock,
      SchedulerMetrics metrics) {
    this.registry = registry;
    this.board = board;
    this.calls = calls;
    this.observer = observer;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Starts ticking; called when this replica becomes the leader. */
  public synchronized void start() {
    if (started || !config.enabled()) {
      return;
    }
    started = true;
    ticks.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    LOG.info("scheduler loop started");
  }

  private void tick() {
    try {
      Instant now = clock.instant();
      for (PoolRegistry.Scheduled s : registry.scheduled()) {
        String key = s.pool().key();
        Instant next = due.get(key);
        if ((next == null || !now.isBefore(next)) && running.add(key)) {
          due.put(key, now.plusSeconds(s.intervalSeconds()));
          rounds.execute(
              () -> {
                try {
                  round(s);
                } catch (RuntimeException e) {
                  LOG.error("scheduling round of pool {} failed", key, e);
                  metrics.round(key, "error");
                } finally {
                  running.remove(key);
                }
              });
        }
      }
    } catch (RuntimeException e) {
      LOG.error("scheduler tick failed", e);
    }
  }

  /** One round for one pool; public so that tests and standalone mode can run it on demand. */
  public AllocationReport round(PoolRegistry.Scheduled s) {
    PoolRegistry.Pool pool = s.pool();
    PoolState state =
        states.computeIfAbsent(
            pool.key(),
            k -> new PoolState(config.fitWindow(), config.fitMinSamples(), k.hashCode()));
    List<String> unreachable = new ArrayList<>();
    List<CompletableFuture<List<SwarmReport>>> swarmReads = new ArrayList<>();
    List<String> shardUrls = new ArrayList<>();
    Map<String, Long> basicRates = new HashMap<>();
    for (PoolRegistry.Catalog c : s.catalogs()) {
      for (String url : c.shardUrls()) {
        shardUrls.add(url);
        swarmReads.add(calls.call(() -> calls.trackers(List.of(url), s.token()).swarms(url)));
      }
    }
    List<CacheView> caches =
        observer.caches(pool.namespace(), pool.name(), pool.caches(), s.token());
    List<SwarmReport> swarms = new ArrayList<>();
    for (int i = 0; i < swarmReads.size(); i++) {
      try {
        swarms.addAll(swarmReads.get(i).join());
      } catch (RuntimeException e) {
        unreachable.add("tracker " + shardUrls.get(i) + ": " + DaemonCalls.describe(e));
      }
    }
    // A content's basic rate is that of the first catalog (by name) whose trackers report it.
    for (int i = 0, k = 0; i < s.catalogs().size(); i++) {
      PoolRegistry.Catalog c = s.catalogs().get(i);
      for (int j = 0; j < c.shardUrls().size(); j++, k++) {
        List<SwarmReport> reports = swarmReads.get(k).getNow(null);
        if (reports == null || swarmReads.get(k).isCompletedExceptionally()) {
          continue;
        }
        for (SwarmReport r : reports) {
          if (r.contentId() != null) {
            basicRates.putIfAbsent(r.contentId(), c.basicRateBytesPerSecond());
          }
        }
      }
    }
    List<AllocationRound.CacheReading> readings = new ArrayList<>();
    Map<Integer, CacheView> byOrdinal = new LinkedHashMap<>();
    for (CacheView c : caches) {
      if (!c.reachable()) {
        unreachable.add("cache " + c.name() + ": " + c.error());
        continue;
      }
      Map<String, Long> served = new HashMap<>();
      for (HeldContent h : c.holdings().contents()) {
        served.put(h.contentId(), h.servedBytes());
      }
      readings.add(
          new AllocationRound.CacheReading(
              c.ordinal(),
              c.name(),
              c.holdings().bandwidthBytesPerSecond(),
              served,
              c.holdings().usedBytes()));
      byOrdinal.put(c.ordinal(), c);
    }
    long defaultBasic =
        s.catalogs().stream()
            .mapToLong(PoolRegistry.Catalog::basicRateBytesPerSecond)
            .min()
            .orElse(30_720);
    AllocationRound.Output out =
        AllocationRound.run(
            new AllocationRound.Inputs(
                readings,
                swarms,
                basicRates,
                defaultBasic,
                config.perLeecherCapacityBytesPerSecond(),
                s.ditherPercent() / 100.0,
                clock.instant(),
                List.copyOf(unreachable),
                solver()),
            state);
    List<CompletableFuture<String>> pushes = new ArrayList<>();
    out.shares()
        .forEach(
            (ordinal, shares) -> {
              CacheView c = byOrdinal.get(ordinal);
              pushes.add(
                  calls
                      .call(
                          () -> {
                            calls.cache(c.baseUrl(), s.token()).shares(shares);
                            return (String) null;
                          })
                      .exceptionally(t -> "cache " + c.name() + ": " + DaemonCalls.describe(t)));
            });
    List<String> failedPushes = new ArrayList<>();
    pushes.forEach(
        p -> {
          String failure = p.join();
          if (failure != null) {
            failedPushes.add(failure);
          }
        });
    AllocationReport report = out.report();
    if (!failedPushes.isEmpty()) {
      report = report.unreachableToo(failedPushes);
    }
    metrics.recorded(pool.key(), report);
    metrics.round(pool.key(), report.unreachable().isEmpty() ? "complete" : "partial");
    board.post(pool.namespace(), pool.name(), report);
    LOG.debug(
        "pool {}: {} swarms, {} B/s pushed, multiplier {} measured / {} modelled",
        pool.key(),
        report.swarms(),
        report.totalShareBytesPerSecond(),
        report.measuredMultiplier(),
        report.modelledMultiplier());
    return report;
  }

  @Override
  public void close() {
    ticks.shutdownNow();
    rounds.shutdownNow();
  }
}
