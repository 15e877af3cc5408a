package dev.whirlwind.operator.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * FIFA, the published reference: conditional gradient (Frank-Wolfe) over the boxed budget polytope
 * with Armijo steps (tau 0.5, sigma 0.01). Each step moves towards the vertex that gives the
 * remaining budget, above the floors, to the swarms of highest marginal gain up to their caps. It
 * needs on the order of m iterations, so it stops at an iteration cap (and says so) or when the
 * duality gap is below a relative tolerance.
 */
public final class FifaSolver implements AllocationSolver {
  static final double TAU = 0.5;
  static final double SIGMA = 0.01;
  private final int maxIterations;
  private final double relativeGap;

  public FifaSolver(int maxIterations, double relativeGap) {
    this.maxIterations = maxIterations;
    this.relativeGap = relativeGap;
  }

  @Override
  public String name() {
    return "FIFA";
  }

  @Override
  public Allocation solve(AllocationProblem p) {
    int m = p.swarms().size();
    boolean[] scaled = new boolean[1];
    double[] lo = p.floors(scaled);
    List<String> notes = new ArrayList<>();
    if (scaled[0]) {
      notes.add("the floors alone exceed the capacity: scaled down proportionally");
      return Allocation.of(p, lo, true, 0, notes);
    }
    double[] hi = new double[m];
    for (int i = 0; i < m; i++) {
      hi[i] = Math.max(lo[i], p.capOf(i));
    }
    // Start inside: floors plus an equal part of the rest (water-filled under the caps).
    double[] x = new Proportional("start", i -> 1.0).fill(p, lo, hi);
    double f = objective(p, x);
    double[] g = new double[m];
    double[] y = new double[m];
    double[] trial = new double[m];
    Integer[] order = new Integer[m];
    int it = 0;
    for (; it < maxIterations; it++) {
      for (int i = 0; i < m; i++) {
        g[i] = p.swarms().get(i).wants() && hi[i] > lo[i] ? p.swarms().get(i).marginal(x[i]) : 0;
        order[i] = i;
      }
      vertex(p.capacity(), lo, hi, g, order, y);
      double slope = 0;
      for (int i = 0; i < m; i++) {
        double d = y[i] - x[i];
        slope += Double.isInfinite(g[i]) ? (d > 0 ? Double.MAX_VALUE : 0) : g[i] * d;
      }
      if (!(slope > relativeGap * Math.max(f, Double.MIN_NORMAL))) {
        break; // the duality gap bounds the distance to the optimum
      }
      double t = 1;
      double ft;
      while (true) {
        for (int i = 0; i < m; i++) {
          trial[i] = x[i] + t * (y[i] - x[i]);
        }
        ft = objective(p, trial);
        if (ft >= f + SIGMA * t * Math.min(slope, Double.MAX_VALUE / 2) || t < 1e-12) {
          break;
        }
        t *= TAU;
      }
      if (ft <= f) {
        // No Armijo step improves (rounding at this scale): stopped short of the optimum.
        notes.add("stalled after " + it + " iterations: no step improved the objective");
        break;
      }
      System.arraycopy(trial, 0, x, 0, m);
      f = ft;
    }
    if (it == maxIterations) {
      notes.add("stopped at the iteration cap of " + maxIterations);
    }
    return Allocation.of(p, x, false, it, notes);
  }

  /** The linear oracle: floors, then the rest to the highest gains up to their caps. */
  private static void vertex(
      double capacity, double[] lo, double[] hi, double[] g, Integer[] order, double[] y) {
    double left = capacity;
    for (int i = 0; i < y.length; i++) {
      y[i] = lo[i];
      left -= lo[i];
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> g[i]).reversed());
    for (int k = 0; k < order.length && left > 0; k++) {
      int i = order[k];
      if (g[i] <= 0) {
        break;
      }
      double add = Math.min(left, hi[i] - lo[i]);
      y[i] += add;
      left -= add;
    }
  }

  static double objective(AllocationProblem p, double[] x) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += p.swarms().get(i).rate(x[i]);
    }
    return sum;
  }
}
