package dev.whirlwind.tracker.content;

import dev.whirlwind.protocol.tracker.RenditionRecord;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renditions by key {@code (sourceId, profileHash)}, compare-and-set, and the claims transcoders
 * take before working on a key. Recorded renditions are kept in a {@link RenditionJournal} when one
 * is given; claims live in memory only: after a restart a transcoder claims again, and the
 * compare-and-set on the result keeps a rare duplicate harmless.
 *
 * <p>A rendition that no source holds any more (every cache evicted it) is lost: the map no longer
 * answers with it, a claim on its key is granted, and the next rendition recorded for the key
 * replaces it. Holding is what the caches' heartbeats say, so a rendition only counts as lost once
 * it has been known for a grace period (a few heartbeat intervals) since it was recorded or since
 * the tracker started: before that, silence means "not told yet".
 */
public final class RenditionMap {
  private static final Logger LOG = LoggerFactory.getLogger(RenditionMap.class);

  /** The outcome of a claim: granted, or held by someone else until a time, or already done. */
  public record ClaimResult(
      boolean granted, String holder, long expiresAtMillis, String renditionId) {}

  private record Claim(String claimant, long expiresAtMillis) {}

  /** A recorded rendition and since when the map knows it (recorded, or loaded at start-up). */
  private record Entry(RenditionRecord record, long sinceMillis) {}

  // sourceId -> profileHash -> rendition
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Entry>> renditions =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Claim> claims = new ConcurrentHashMap<>();
  private final Clock clock;
  private final RenditionJournal journal;
  private final Predicate<String> held;
  private final long graceMillis;

  /** A map in memory only, whose renditions are never lost. */
  public RenditionMap(Clock clock) {
    this(clock, null, id -> true, 0);
  }

  /**
   * A map that keeps its renditions in {@code journal}, starting with what it holds.
   *
   * @param held whether some source holds a content id
   * @param graceMillis how long a rendition counts as held whatever {@code held} says
   */
  public RenditionMap(
      Clock clock, RenditionJournal journal, Predicate<String> held, long graceMillis) {
    this.clock = clock;
    this.journal = journal;
    this.held = held;
    this.graceMillis = graceMillis;
    if (journal != null) {
      long now = clock.millis();
      // A replacement of a lost rendition comes later in the journal: the last line wins.
      journal.loaded().forEach(r -> bySource(r.sourceId()).put(r.profileHash(), new Entry(r, now)));
    }
  }

  private static String key(String sourceId, String profileHash) {
    return sourceId + "/" + profileHash;
  }

  private ConcurrentHashMap<String, Entry> bySource(String sourceId) {
    return renditions.computeIfAbsent(sourceId, k -> new ConcurrentHashMap<>());
  }

  private boolean lost(Entry e) {
    return clock.millis() - e.sinceMillis() > graceMillis && !held.test(e.record().renditionId());
  }

  public ClaimResult claim(String sourceId, String profileHash, String claimant, int ttlSeconds) {
    String key = key(sourceId, profileHash);
    RenditionRecord done = get(sourceId, profileHash).orElse(null);
    if (done != null) {
      return new ClaimResult(false, null, 0, done.renditionId());
    }
    long now = clock.millis();
    long expires = now + ttlSeconds * 1000L;
    Claim result =
        claims.compute(
            key,
            (k, current) ->
                current == null
                        || current.expiresAtMillis() <= now
                        || current.claimant().equals(claimant)
                    ? new Claim(claimant, expires)
                    : current);
    return new ClaimResult(
        result.claimant().equals(claimant), result.claimant(), result.expiresAtMillis(), null);
  }

  /**
   * Records a rendition unless one is already recorded (and not lost); returns the one that stands.
   */
  public RenditionRecord record(RenditionRecord r) {
    Entry fresh = new Entry(r, clock.millis());
    Entry standing =
        bySource(r.sourceId())
            .compute(
                r.profileHash(),
                (k, current) -> current == null || lost(current) ? fresh : current);
    claims.remove(key(r.sourceId(), r.profileHash()));
    if (standing != fresh) {
      return standing.record();
    }
    if (journal != null) {
      try {
        // Forced before the answer: a transcoder told "recorded" may rely on it after a restart.
        // One small write per finished transcode, so it stays on the calling thread.
        journal.append(r);
      } catch (IOException e) {
        LOG.error("rendition {}/{} not written to disk: {}", r.sourceId(), r.profileHash(), e);
      }
    }
    return r;
  }

  public Optional<RenditionRecord> get(String sourceId, String profileHash) {
    var bySource = renditions.get(sourceId);
    Entry e = bySource == null ? null : bySource.get(profileHash);
    return e == null || lost(e) ? Optional.empty() : Optional.of(e.record());
  }

  /** Every rendition of a source, so a client can be offered the closest existing one. */
  public List<RenditionRecord> of(String sourceId) {
    var bySource = renditions.get(sourceId);
    return bySource == null
        ? List.of()
        : bySource.values().stream().filter(e -> !lost(e)).map(Entry::record).toList();
  }
}
