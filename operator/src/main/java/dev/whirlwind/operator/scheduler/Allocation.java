package dev.whirlwind.operator.scheduler;

import java.util.List;

/**
 * A solver's answer.
 *
 * @param shares S_i per swarm, bytes/s, in the problem's order
 * @param totalRate sum of D_i(S_i), bytes/s
 * @param multiplier the system bandwidth multiplier: total rate / total share
 * @param floorsScaled whether the floors alone exceeded the capacity and were scaled down
 * @param iterations solver iterations (bisection steps, gradient steps)
 * @param notes anything the caller should know (an iteration cap reached, ...)
 */
public record Allocation(
    double[] shares,
    double totalRate,
    double multiplier,
    boolean floorsScaled,
    int iterations,
    List<String> notes) {

  static Allocation of(
      AllocationProblem p,
      double[] shares,
      boolean floorsScaled,
      int iterations,
      List<String> notes) {
    double rate = 0;
    double used = 0;
    for (int i = 0; i < shares.length; i++) {
      rate += p.swarms().get(i).rate(shares[i]);
      used += shares[i];
    }
    return new Allocation(
        shares, rate, used > 0 ? rate / used : 0, floorsScaled, iterations, List.copyOf(notes));
  }

  /**
   * The spread of marginal gains over the swarms funded strictly inside their boxes: (max - min) /
   * mean, the paper's dev_mu. 0 at the exact optimum.
   */
  public double marginalDeviation(AllocationProblem p) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    double sum = 0;
    int n = 0;
    for (int i = 0; i < shares.length; i++) {
      SwarmDemand s = p.swarms().get(i);
      double x = shares[i];
      if (!s.wants() || x <= s.floor() * (1 + 1e-9) || x >= s.cap() * (1 - 1e-9)) {
        continue;
      }
      double m = s.marginal(x);
      min = Math.min(min, m);
      max = Math.max(max, m);
      sum += m;
      n++;
    }
    return n < 2 ? 0 : (max - min) / (sum / n);
  }
}
