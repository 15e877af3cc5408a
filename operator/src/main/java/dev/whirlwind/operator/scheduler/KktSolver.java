package dev.whirlwind.operator.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact optimum. The KKT conditions give, for a price lambda of bandwidth,
 *
 * <pre>
 *   S_i(lambda) = clamp((a_i c_i / lambda)^(1 / (1 - a_i)), L_i, M_i),   c_i = f_i l_i^(1-a_i-b_i) s_i^b_i
 * </pre>
 *
 * which is continuous and non-increasing in lambda, so the lambda that spends exactly the capacity
 * is found by a safeguarded Newton iteration on u = log lambda (Newton inside a shrinking bracket,
 * bisection when a step would leave it). Everything is computed in log space: the exponent 1/(1 -
 * a_i) overflows doubles as a_i nears 1. O(m) per iteration, a few tens of iterations.
 */
public final class KktSolver implements AllocationSolver {
  static final int MAX_ITERATIONS = 200;
  static final double RELATIVE_TOLERANCE = 1e-12;

  @Override
  public String name() {
    return "exact (KKT)";
  }

  @Override
  public Allocation solve(AllocationProblem p) {
    int m = p.swarms().size();
    boolean[] scaled = new boolean[1];
    double[] lo = p.floors(scaled);
    double[] shares = new double[m];
    List<String> notes = new ArrayList<>();
    if (scaled[0]) {
      notes.add("the floors alone exceed the capacity: scaled down proportionally");
      return Allocation.of(p, lo, true, 0, notes);
    }
    double[] hi = new double[m];
    double[] logAc = new double[m]; // log(a_i c_i)
    double[] inv = new double[m]; // 1 / (1 - a_i)
    double capSum = 0;
    double uMin = Double.POSITIVE_INFINITY;
    double uMax = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < m; i++) {
      SwarmDemand s = p.swarms().get(i);
      hi[i] = Math.max(lo[i], p.capOf(i));
      capSum += hi[i];
      if (!s.wants() || hi[i] <= lo[i]) {
        continue;
      }
      SwarmModel model = s.model();
      logAc[i] = Math.log(model.a()) + model.logScale(s.leechers(), s.seeders());
      inv[i] = 1 / (1 - model.a());
      // The u at which the unclamped share reaches the cap, and the floor (or a sliver).
      double top = Math.min(hi[i], p.capacity());
      double bottom = Math.max(lo[i], p.capacity() * 1e-15 + Double.MIN_NORMAL);
      uMin = Math.min(uMin, logAc[i] - Math.log(top) / inv[i]);
      uMax = Math.max(uMax, logAc[i] - Math.log(bottom) / inv[i]);
    }
    if (capSum <= p.capacity() || uMin > uMax) {
      // Everyone can have their cap (or nobody can use more than the floors).
      return Allocation.of(p, hi.clone(), false, 0, notes);
    }
    double a = uMin - 1;
    double b = uMax + 1;
    double u = (a + b) / 2;
    int it = 0;
    for (; it < MAX_ITERATIONS; it++) {
      double total = 0;
      double slope = 0; // d total / du
      for (int i = 0; i < m; i++) {
        double x = share(i, u, lo, hi, logAc, inv);
        shares[i] = x;
        total += x;
        if (x > lo[i] && x < hi[i]) {
          slope -= x * inv[i];
        }
      }
      double excess = total - p.capacity();
      if (Math.abs(excess) <= RELATIVE_TOLERANCE * p.capacity()) {
        break;
      }
      if (excess > 0) {
        a = u; // too much handed out: raise the price
      } else {
        b = u;
      }
      double next = slope < 0 ? u - excess / slope : Double.NaN;
      u = next > a && next < b ? next : (a + b) / 2;
      if (b - a < 1e-15 * Math.max(1, Math.abs(u))) {
        break;
      }
    }
    if (it == MAX_ITERATIONS) {
      notes.add("stopped at the iteration cap");
    }
    // The last evaluation may overshoot by the tolerance: trim so the budget holds exactly.
    double total = 0;
    for (int i = 0; i < m; i++) {
      shares[i] = share(i, u, lo, hi, logAc, inv);
      total += shares[i];
    }
    if (total > p.capacity()) {
      trim(shares, lo, total - p.capacity());
    }
    return Allocation.of(p, shares, false, it + 1, notes);
  }

  private static double share(
      int i, double u, double[] lo, double[] hi, double[] logAc, double[] inv) {
    if (hi[i] <= lo[i]) {
      return lo[i];
    }
    double logX = (logAc[i] - u) * inv[i];
    if (logX >= Math.log(hi[i])) {
      return hi[i];
    }
    double x = Math.exp(logX);
    return Math.max(lo[i], Math.min(hi[i], x));
  }

  /** Takes {@code excess} back proportionally from what each swarm has above its floor. */
  static void trim(double[] shares, double[] lo, double excess) {
    double above = 0;
    for (int i = 0; i < shares.length; i++) {
      above += shares[i] - lo[i];
    }
    if (above <= 0) {
      return;
    }
    double k = Math.min(1, excess / above);
    for (int i = 0; i < shares.length; i++) {
      shares[i] -= (shares[i] - lo[i]) * k;
    }
  }
}
