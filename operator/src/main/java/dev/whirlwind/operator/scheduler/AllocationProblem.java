package dev.whirlwind.operator.scheduler;

import java.util.List;

/**
 * Maximise sum D_i(S_i) subject to sum S_i &lt;= capacity and L_i &lt;= S_i &lt;= M_i. Swarms
 * without leechers get nothing (their floor too).
 *
 * @param capacity S, the cloud bandwidth to hand out, bytes/s
 */
public record AllocationProblem(List<SwarmDemand> swarms, double capacity) {
  public AllocationProblem {
    swarms = List.copyOf(swarms);
    if (!(capacity >= 0) || Double.isNaN(capacity)) {
      throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
    }
  }

  /** The floor a swarm really gets: none without leechers. */
  double floorOf(int i) {
    SwarmDemand s = swarms.get(i);
    return s.wants() ? s.floor() : 0;
  }

  /** The cap a swarm really has: none without leechers, never above the whole capacity. */
  double capOf(int i) {
    SwarmDemand s = swarms.get(i);
    return s.wants() ? Math.min(s.cap(), capacity) : 0;
  }

  /**
   * The floors each swarm gets, scaled down proportionally when together they exceed the capacity;
   * the boolean says whether they were.
   */
  double[] floors(boolean[] scaled) {
    double[] f = new double[swarms.size()];
    double sum = 0;
    for (int i = 0; i < f.length; i++) {
      f[i] = Math.min(floorOf(i), capOf(i));
      sum += f[i];
    }
    scaled[0] = sum > capacity;
    if (scaled[0]) {
      double k = sum > 0 ? capacity / sum : 0;
      for (int i = 0; i < f.length; i++) {
        f[i] *= k;
      }
    }
    return f;
  }
}
