package dev.whirlwind.operator.scheduling;

import java.time.Instant;
import java.util.List;

/**
 * What one scheduling round did for a pool, for its status and metrics.
 *
 * @param measuredMultiplier sum of the swarms' download rates over the cloud bandwidth they got
 *     during the last interval, or NaN before two readings exist
 * @param modelledMultiplier what the fitted models predict for the pushed shares
 * @param exact the solution is the pooled optimum (no cache capacity bound its placement)
 * @param unreachable daemons that did not answer; caches among them keep their last shares
 */
public record AllocationReport(
    Instant time,
    long totalShareBytesPerSecond,
    int swarms,
    double measuredMultiplier,
    double modelledMultiplier,
    boolean exact,
    List<TopSwarm> top,
    List<String> unreachable) {

  /** One of the largest allocations. */
  public record TopSwarm(
      String contentId,
      long shareBytesPerSecond,
      int leechers,
      int seeders,
      long downloadBytesPerSecond) {}
}
