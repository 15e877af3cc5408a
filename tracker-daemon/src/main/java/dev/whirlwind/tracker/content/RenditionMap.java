package dev.whirlwind.tracker.content;

import dev.whirlwind.protocol.tracker.RenditionRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renditions by key {@code (sourceId, profileHash)}, compare-and-set, and the claims transcoders
 * take before working on a key. Recorded renditions are kept in a {@link RenditionJournal} when one
 * is given; claims live in memory only: after a restart a transcoder claims again, and the
 * compare-and-set on the result keeps a rare duplicate harmless.
 */
public final class RenditionMap {
  private static final Logger LOG = LoggerFactory.getLogger(RenditionMap.class);

  /** The outcome of a claim: granted, or held by someone else until a time, or already done. */
  public record ClaimResult(
      boolean granted, String holder, long expiresAtMillis, String renditionId) {}

  private record Claim(String claimant, long expiresAtMillis) {}

  // sourceId -> profileHash -> rendition
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, RenditionRecord>> renditions =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Claim> claims = new ConcurrentHashMap<>();
  private final Clock clock;
  private final RenditionJournal journal;

  /** A map in memory only. */
  public RenditionMap(Clock clock) {
    this(clock, null);
  }

  /** A map that keeps its renditions in {@code journal}, starting with what it holds. */
  public RenditionMap(Clock clock, RenditionJournal journal) {
    this.clock = clock;
    this.journal = journal;
    if (journal != null) {
      journal.loaded().forEach(this::putIfAbsent);
    }
  }

  private static String key(String sourceId, String profileHash) {
    return sourceId + "/" + profileHash;
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
            (k, held) ->
                held == null || held.expiresAtMillis() <= now || held.claimant().equals(claimant)
                    ? new Claim(claimant, expires)
                    : held);
    return new ClaimResult(
        result.claimant().equals(claimant), result.claimant(), result.expiresAtMillis(), null);
  }

  /** Records a rendition unless one is already recorded; returns the one that stands. */
  public RenditionRecord record(RenditionRecord r) {
    RenditionRecord stored = putIfAbsent(r);
    claims.remove(key(r.sourceId(), r.profileHash()));
    if (stored != null) {
      return stored;
    }
    if (journal != null) {
      try {
        // Forced before the answer: a transcoder told "recorded" may rely on it after a restart.
        // One small write per finished transcode, so it stays on the calling thread.
        journal.append(r);
      } catch (java.io.IOException e) {
        LOG.error("rendition {}/{} not written to disk: {}", r.sourceId(), r.profileHash(), e);
      }
    }
    return r;
  }

  private RenditionRecord putIfAbsent(RenditionRecord r) {
    return renditions
        .computeIfAbsent(r.sourceId(), k -> new ConcurrentHashMap<>())
        .putIfAbsent(r.profileHash(), r);
  }

  public Optional<RenditionRecord> get(String sourceId, String profileHash) {
    var bySource = renditions.get(sourceId);
    return Optional.ofNullable(bySource == null ? null : bySource.get(profileHash));
  }

  /** Every rendition of a source, so a client can be offered the closest existing one. */
  public List<RenditionRecord> of(String sourceId) {
    var bySource = renditions.get(sourceId);
    return bySource == null ? List.of() : new ArrayList<>(bySource.values());
  }
}
