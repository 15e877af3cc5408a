package dev.whirlwind.transcoder.jobs;

import dev.whirlwind.protocol.tracker.ClaimAnswer;
import dev.whirlwind.protocol.tracker.RenditionClaim;
import dev.whirlwind.protocol.tracker.TrackerClient;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This transcoder's cluster-wide claims on rendition keys at the tracker: taken before a transcode,
 * renewed every third of their life while it runs, and let go at once when a job fails or is
 * cancelled (the tracker has no release, so the claim is renewed with a one-second life).
 */
final class RenditionClaims {
  private static final Logger LOG = LoggerFactory.getLogger(RenditionClaims.class);

  private final String claimant;
  private final int ttlSeconds;

  RenditionClaims(String claimant, int ttlSeconds) {
    this.claimant = claimant;
    this.ttlSeconds = ttlSeconds;
  }

  int ttlSeconds() {
    return ttlSeconds;
  }

  ClaimAnswer claim(TrackerClient trackers, String sourceId, String profileHash)
      throws IOException, InterruptedException {
    return trackers.claim(new RenditionClaim(sourceId, profileHash, claimant, ttlSeconds));
  }

  void renew(TrackerClient trackers, String sourceId, String profileHash) {
    try {
      trackers.claim(new RenditionClaim(sourceId, profileHash, claimant, ttlSeconds));
    } catch (IOException e) {
      LOG.warn("renewing the claim of {}/{} failed: {}", sourceId, profileHash, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Returns whether the claim was let go. */
  boolean release(TrackerClient trackers, String sourceId, String profileHash) {
    try {
      trackers.claim(new RenditionClaim(sourceId, profileHash, claimant, 1));
      return true;
    } catch (IOException e) {
      LOG.debug("releasing the claim of {}/{} failed: {}", sourceId, profileHash, e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
