package dev.whirlwind.operator.web;

import dev.whirlwind.operator.catalog.CatalogObservation.CacheView;
import dev.whirlwind.protocol.tracker.SwarmReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the live views show over time, from one read per cache ({@code GET /v1/holdings}) and per
 * tracker shard ({@code GET /v1/swarms}) every few seconds: each cache's upload rate (the change of
 * its served-bytes counter), each swarm's peers, and the system's bandwidth multiplier over the
 * last {@link #WINDOW}:
 *
 * <pre>
 *   multiplier = ΔC / ΔS,  ΔS = bytes the caches served,  ΔC = max(ΔS, Δ downloaded the clients announced)
 * </pre>
 *
 * Counters, not the trackers' rate estimates, on both sides, so that both cover the same window;
 * every byte a cache served reached a client, so ΔC is never below ΔS and the multiplier is 1 when
 * no peer traded. The last {@link #KEPT} samples are kept for the page's charts; nothing else
 * grows.
 */
public final class Telemetry {
  public static final int KEPT = 900;
  public static final Duration WINDOW = Duration.ofSeconds(60);

  /** One cache at one time. */
  public record CacheSample(
      String pool,
      String name,
      boolean reachable,
      double uploadBytesPerSecond,
      long sharesBytesPerSecond,
      long usedBytes,
      int contents) {}

  /** One swarm at one time, as its tracker shard reports it. */
  public record SwarmSample(
      String contentId,
      int seeders,
      int leechers,
      double downloadBytesPerSecond,
      long downloadedBytes) {}

  /**
   * The system at one time; rates and the multiplier over the last {@link #WINDOW}.
   *
   * @param servedBytes what the caches served, all together (their counters)
   * @param announcedBytes what the clients announced they downloaded, all swarms together
   * @param peerBytesPerSecond what clients got from each other: their download less what the caches
   *     sent
   * @param multiplier client bytes over cache bytes, or null while the caches send nothing
   */
  public record Sample(
      Instant at,
      List<CacheSample> caches,
      List<SwarmSample> swarms,
      long servedBytes,
      long announcedBytes,
      double cacheUploadBytesPerSecond,
      double clientDownloadBytesPerSecond,
      double peerBytesPerSecond,
      Double multiplier) {}

  private record Reading(Instant at, long servedBytes) {}

  private final Map<String, Reading> lastServed = new HashMap<>();
  private final ArrayDeque<Sample> history = new ArrayDeque<>();

  /**
   * Records one sample from what the caches and trackers answered now.
   *
   * @param caches by pool key
   */
  public synchronized Sample record(
      Instant now, Map<String, List<CacheView>> caches, List<SwarmReport> swarms) {
    List<CacheSample> cacheSamples = new ArrayList<>();
    long served = 0;
    for (Map.Entry<String, List<CacheView>> pool : caches.entrySet()) {
      for (CacheView c : pool.getValue()) {
        String key = pool.getKey() + "/" + c.name();
        if (!c.reachable()) {
          cacheSamples.add(new CacheSample(pool.getKey(), c.name(), false, 0, 0, 0, 0));
          continue;
        }
        long counter = c.holdings().servedBytes();
        served += counter;
        Reading before = lastServed.put(key, new Reading(now, counter));
        double rate = 0;
        if (before != null && counter >= before.servedBytes()) {
          double seconds = Duration.between(before.at(), now).toMillis() / 1000.0;
          rate = seconds > 0 ? (counter - before.servedBytes()) / seconds : 0;
        }
        cacheSamples.add(
            new CacheSample(
                pool.getKey(),
                c.name(),
                true,
                rate,
                c.holdings().shares().values().stream().mapToLong(Long::longValue).sum(),
                c.holdings().usedBytes(),
                c.holdings().contents().size()));
      }
    }
    List<SwarmSample> swarmSamples = new ArrayList<>();
    long announced = 0;
    for (SwarmReport s : swarms) {
      if (s.contentId() == null) {
        continue;
      }
      announced += s.downloadedBytes();
      swarmSamples.add(
          new SwarmSample(
              s.contentId(),
              s.seeders(),
              s.leechers(),
              s.downloadBytesPerSecond(),
              s.downloadedBytes()));
    }
    Sample base = null;
    for (Sample h : history) {
      if (!h.at().isBefore(now.minus(WINDOW))) {
        base = h;
        break;
      }
    }
    double seconds = base == null ? 0 : Duration.between(base.at(), now).toMillis() / 1000.0;
    // A daemon that restarted counts from zero again: a negative difference counts as none.
    long servedDelta = base == null ? 0 : Math.max(0, served - base.servedBytes());
    long clientDelta = base == null ? 0 : Math.max(servedDelta, announced - base.announcedBytes());
    Sample sample =
        new Sample(
            now,
            List.copyOf(cacheSamples),
            List.copyOf(swarmSamples),
            served,
            announced,
            seconds > 0 ? servedDelta / seconds : 0,
            seconds > 0 ? clientDelta / seconds : 0,
            seconds > 0 ? (clientDelta - servedDelta) / seconds : 0,
            servedDelta > 0 ? (double) clientDelta / servedDelta : null);
    history.addLast(sample);
    while (history.size() > KEPT) {
      history.removeFirst();
    }
    return sample;
  }

  /**
   * The charts' data since a time (exclusive): one point per sample, each cache's upload rate in
   * the order of {@code caches} (null where that cache was not sampled).
   */
  public record Series(List<String> caches, List<Point> points) {}

  /** One sample for the charts; rates in bytes per second. */
  public record Point(
      long at, List<Double> upload, double caches, double peers, Double multiplier) {}

  public synchronized Series series(Instant since) {
    List<Sample> picked = history.stream().filter(h -> h.at().isAfter(since)).toList();
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    picked.forEach(h -> h.caches().forEach(c -> names.add(c.name())));
    List<String> caches = List.copyOf(names);
    List<Point> points = new ArrayList<>(picked.size());
    for (Sample h : picked) {
      Map<String, Double> byName = new HashMap<>();
      h.caches()
          .forEach(c -> byName.put(c.name(), c.reachable() ? c.uploadBytesPerSecond() : null));
      List<Double> upload = new ArrayList<>(caches.size());
      caches.forEach(n -> upload.add(byName.get(n)));
      points.add(
          new Point(
              h.at().toEpochMilli(),
              java.util.Collections.unmodifiableList(upload),
              h.cacheUploadBytesPerSecond(),
              h.peerBytesPerSecond(),
              h.multiplier()));
    }
    return new Series(caches, points);
  }

  public synchronized Sample latest() {
    return history.peekLast();
  }

  public synchronized List<Sample> history() {
    return List.copyOf(history);
  }
}
