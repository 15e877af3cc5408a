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
 * @param storedBytes what the caches that answered store, all together
 * @param uploadBytesPerSecond what they sent over the last interval, all contents, or -1 before two
 *     readings exist
 */
public record AllocationReport(
    Instant time,
    long totalShareBytesPerSecond,
    int swarms,
    double measuredMultiplier,
    double modelledMultiplier,
    boolean exact,
    List<TopSwarm> top,
    List<String> unreachable,
    long storedBytes,
    long uploadBytesPerSecond) {

  /** The same report with more daemons it could not reach. */
  public AllocationReport unreachableToo(List<String> more) {
    List<String> all = new java.util.ArrayList<>(unreachable);
    all.addAll(more);
    return new AllocationReport(
        time,
        totalShareBytesPerSecond,
        swarms,
        measuredMultiplier,
        modelledMultiplier,
        exact,
        top,
        List.copyOf(all),
        storedBytes,
        uploadBytesPerSecond);
  }

  /** One of the largest allocations. */
  public record TopSwarm(
      String contentId,
      long shareBytesPerSecond,
      int leechers,
      int seeders,
      long downloadBytesPerSecond) {}
}
