package dev.whirlwind.operator.scheduling;

import dev.whirlwind.operator.scheduler.Allocation;
import dev.whirlwind.operator.scheduler.AllocationProblem;
import dev.whirlwind.operator.scheduler.AllocationSolver;
import dev.whirlwind.operator.scheduler.Boxes;
import dev.whirlwind.operator.scheduler.Dither;
import dev.whirlwind.operator.scheduler.KktSolver;
import dev.whirlwind.operator.scheduler.ModelFit;
import dev.whirlwind.operator.scheduler.Scheduler;
import dev.whirlwind.operator.scheduler.SwarmDemand;
import dev.whirlwind.protocol.cache.CacheDaemonConfig;
import dev.whirlwind.protocol.tracker.SwarmReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pure core of one scheduling round for a pool (DESIGN.md "Cloud bandwidth scheduling"):
 *
 * <ol>
 *   <li>measure: S_i = the bytes the pool's caches served of content i since the last round, over
 *       the time between them; D_i, l_i, s_i from the trackers' swarm reports (several catalogs'
 *       trackers reporting one content are summed);
 *   <li>fit: each sample joins its swarm's window, and every swarm gets its model (pooled when it
 *       has too few samples);
 *   <li>solve: maximise sum D_i(S_i) subject to sum S_i &lt;= the reachable caches' bandwidth, with
 *       the DESIGN boxes, exactly ({@link KktSolver}), re-solved while cache capacities bind;
 *   <li>place and dither: per-swarm shares split over the caches holding the content, then a
 *       zero-mean perturbation so that a_i stays identifiable.
 * </ol>
 *
 * Only swarms with leechers are scheduled; every other content keeps the pool's default rate.
 */
public final class AllocationRound {
  static final int TOP = 5;

  /**
   * One cache as the round read it.
   *
   * @param servedBytes bytes served since the cache started, per content it holds
   */
  public record CacheReading(
      int ordinal,
      String name,
      long bandwidthBytesPerSecond,
      Map<String, Long> servedBytes,
      long usedBytes) {}

  /**
   * @param caches the caches that answered
   * @param swarms the trackers' reports, any shard and catalog
   * @param basicRates per content, the basic rate of the catalog that holds it
   * @param defaultBasicRate for contents no catalog claims
   */
  public record Inputs(
      List<CacheReading> caches,
      List<SwarmReport> swarms,
      Map<String, Long> basicRates,
      long defaultBasicRate,
      double perLeecherCapacity,
      double ditherFraction,
      Instant now,
      List<String> unreachable,
      AllocationSolver solver) {}

  /** The shares to push, per cache ordinal (content id to bytes/s), and what the round did. */
  public record Output(Map<Integer, Map<String, Long>> shares, AllocationReport report) {}

  private AllocationRound() {}

  public static Output run(Inputs in, PoolState state) {
    Map<String, SwarmReport> swarms = byContent(in.swarms());
    boolean firstReading = state.lastTime == null;
    Map<String, Double> measuredShare = measure(in, state);
    long stored = in.caches().stream().mapToLong(CacheReading::usedBytes).sum();
    long upload =
        firstReading
            ? -1
            : Math.round(measuredShare.values().stream().mapToDouble(Double::doubleValue).sum());
    for (Map.Entry<String, SwarmReport> e : swarms.entrySet()) {
      Double s = measuredShare.get(e.getKey());
      SwarmReport r = e.getValue();
      if (s != null && s > 0) {
        state.fit.add(
            e.getKey(),
            new ModelFit.Sample(s, r.leechers(), r.seeders(), r.downloadBytesPerSecond()));
      }
    }
    Map<String, ModelFit.Fitted> models = state.fit.fitAll();
    ModelFit.Fitted pooled = models.get("");

    // The swarms to schedule: leechers, and a cache that holds the content.
    Map<String, List<Integer>> holders = new TreeMap<>();
    for (CacheReading c : in.caches()) {
      for (String id : c.servedBytes().keySet()) {
        SwarmReport r = swarms.get(id);
        if (r != null && r.leechers() > 0) {
          holders.computeIfAbsent(id, k -> new ArrayList<>()).add(c.ordinal());
        }
      }
    }
    List<String> ids = new ArrayList<>(holders.keySet());
    List<SwarmDemand> demands = new ArrayList<>();
    Map<Long, Boxes> boxes = new HashMap<>();
    for (String id : ids) {
      SwarmReport r = swarms.get(id);
      long basic = in.basicRates().getOrDefault(id, in.defaultBasicRate());
      Boxes b =
          boxes.computeIfAbsent(
              basic,
              rate ->
                  new Boxes(
                      in.perLeecherCapacity(), rate, CacheDaemonConfig.MIN_SHARE_BYTES_PER_SECOND));
      ModelFit.Fitted f = models.getOrDefault(id, pooled);
      demands.add(b.demand(id, f.model(), r.leechers(), r.seeders()));
    }
    double capacity = in.caches().stream().mapToLong(CacheReading::bandwidthBytesPerSecond).sum();
    Map<Integer, Integer> cacheIndex = new LinkedHashMap<>();
    for (CacheReading c : in.caches()) {
      cacheIndex.put(c.ordinal(), cacheIndex.size());
    }
    double[] cacheCapacity = new double[cacheIndex.size()];
    for (CacheReading c : in.caches()) {
      cacheCapacity[cacheIndex.get(c.ordinal())] = c.bandwidthBytesPerSecond();
    }
    List<int[]> edges = new ArrayList<>();
    int[][] swarmEdges = new int[ids.size()][];
    for (int i = 0; i < ids.size(); i++) {
      List<Integer> hs = holders.get(ids.get(i));
      swarmEdges[i] = new int[hs.size()];
      for (int k = 0; k < hs.size(); k++) {
        swarmEdges[i][k] = edges.size();
        edges.add(new int[] {i, cacheIndex.get(hs.get(k))});
      }
    }
    int[] edgeSwarm = edges.stream().mapToInt(e -> e[0]).toArray();
    int[] edgeCache = edges.stream().mapToInt(e -> e[1]).toArray();

    Map<Integer, Map<String, Long>> shares = new TreeMap<>();
    for (CacheReading c : in.caches()) {
      shares.put(c.ordinal(), new TreeMap<>());
    }
    if (ids.isEmpty()) {
      return new Output(
          shares,
          new AllocationReport(
              in.now(),
              0,
              0,
              measured(swarms, measuredShare),
              Double.NaN,
              true,
              List.of(),
              in.unreachable(),
              stored,
              upload));
    }
    AllocationProblem problem = new AllocationProblem(demands, capacity);
    Scheduler.Plan plan =
        new Scheduler(in.solver()).plan(problem, cacheCapacity, edgeSwarm, edgeCache, swarmEdges);
    Allocation a = plan.allocation();
    double[] dithered = Dither.apply(a.shares(), in.ditherFraction(), state.random);
    double[] pushed = new double[ids.size()];
    int[] ordinals = cacheIndex.keySet().stream().mapToInt(Integer::intValue).toArray();
    for (int e = 0; e < edges.size(); e++) {
      int i = edgeSwarm[e];
      double share = a.shares()[i];
      double rate = share > 0 ? plan.placement().edgeRates()[e] * dithered[i] / share : 0;
      long bytes = Math.max(CacheDaemonConfig.MIN_SHARE_BYTES_PER_SECOND, Math.round(rate));
      shares.get(ordinals[edgeCache[e]]).put(ids.get(i), bytes);
      pushed[i] += bytes;
    }
    List<AllocationReport.TopSwarm> top = new ArrayList<>();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble((Integer i) -> pushed[i]).reversed());
    for (int i : order.subList(0, Math.min(TOP, order.size()))) {
      SwarmReport r = swarms.get(ids.get(i));
      top.add(
          new AllocationReport.TopSwarm(
              ids.get(i),
              Math.round(pushed[i]),
              r.leechers(),
              r.seeders(),
              Math.round(r.downloadBytesPerSecond())));
    }
    long total = 0;
    for (double p : pushed) {
      total += Math.round(p);
    }
    return new Output(
        shares,
        new AllocationReport(
            in.now(),
            total,
            ids.size(),
            measured(swarms, measuredShare),
            a.multiplier(),
            plan.exact(),
            top,
            in.unreachable(),
            stored,
            upload));
  }

  /** One report per content: the swarms of several catalogs' trackers for it, summed. */
  static Map<String, SwarmReport> byContent(List<SwarmReport> reports) {
    Map<String, SwarmReport> out = new TreeMap<>();
    for (SwarmReport r : reports) {
      if (r.contentId() == null) {
        continue;
      }
      out.merge(
          r.contentId(),
          r,
          (a, b) ->
              new SwarmReport(
                  a.infoHash(),
                  a.contentId(),
                  a.seeders() + b.seeders(),
                  a.leechers() + b.leechers(),
                  a.arrivals() + b.arrivals(),
                  a.completions() + b.completions(),
                  a.arrivalsPerSecond() + b.arrivalsPerSecond(),
                  a.downloadBytesPerSecond() + b.downloadBytesPerSecond(),
                  a.uploadBytesPerSecond() + b.uploadBytesPerSecond(),
                  a.downloadedBytes() + b.downloadedBytes(),
                  a.uploadedBytes() + b.uploadedBytes(),
                  java.util.Objects.equals(a.network(), b.network()) ? a.network() : null));
    }
    return out;
  }

  /**
   * S_i over the last interval from the caches' counters, and the counters kept for the next round.
   * A counter that went down (the cache restarted) counts from zero.
   */
  static Map<String, Double> measure(Inputs in, PoolState state) {
    Map<String, Double> share = new HashMap<>();
    Map<String, Long> now = new HashMap<>();
    double seconds =
        state.lastTime == null
            ? 0
            : Math.max(0.001, Duration.between(state.lastTime, in.now()).toMillis() / 1000.0);
    for (CacheReading c : in.caches()) {
      for (Map.Entry<String, Long> e : c.servedBytes().entrySet()) {
        String key = c.ordinal() + "/" + e.getKey();
        now.put(key, e.getValue());
        Long before = state.lastServed.get(key);
        if (seconds > 0 && before != null) {
          long delta = e.getValue() >= before ? e.getValue() - before : e.getValue();
          share.merge(e.getKey(), delta / seconds, Double::sum);
        }
      }
    }
    state.lastServed = now;
    state.lastTime = in.now();
    return share;
  }

  /** sum D_i / sum S_i over the swarms that got cloud bandwidth, or NaN when none did. */
  static double measured(Map<String, SwarmReport> swarms, Map<String, Double> share) {
    double d = 0;
    double s = 0;
    for (Map.Entry<String, Double> e : share.entrySet()) {
      SwarmReport r = swarms.get(e.getKey());
      if (r != null && e.getValue() > 0) {
        d += r.downloadBytesPerSecond();
        s += e.getValue();
      }
    }
    return s > 0 ? d / s : Double.NaN;
  }
}
