package dev.whirlwind.operator.scheduler;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * The baselines a naive operator would use: S_i = clamp(k w_i, L_i, M_i) with k chosen to spend the
 * capacity (water-filling), for a weight w_i per swarm: equal split (1), proportional to swarm size
 * (l_i + s_i), or free competition (each leecher pulls what it can: l_i). They see the same floors
 * and caps as the exact solver.
 */
public final class Proportional implements AllocationSolver {
  private final String name;
  private final IntToDoubleFunction weight;

  Proportional(String name, IntToDoubleFunction weight) {
    this.name = name;
    this.weight = weight;
  }

  public static AllocationSolver equalSplit() {
    return new Proportional("equal split", i -> 1.0);
  }

  /** Weights read from the problem being solved. */
  private static final class Weighted implements AllocationSolver {
    private final String name;
    private final java.util.function.ToDoubleFunction<SwarmDemand> weight;

    Weighted(String name, java.util.function.ToDoubleFunction<SwarmDemand> weight) {
      this.name = name;
      this.weight = weight;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Allocation solve(AllocationProblem p) {
      List<SwarmDemand> s = p.swarms();
      return new Proportional(name, i -> weight.applyAsDouble(s.get(i))).solve(p);
    }
  }

  public static AllocationSolver proportionalToSwarmSize() {
    return new Weighted("proportional to swarm size", s -> s.leechers() + s.seeders());
  }

  public static AllocationSolver freeCompetition() {
    return new Weighted("free competition", SwarmDemand::leechers);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Allocation solve(AllocationProblem p) {
    boolean[] scaled = new boolean[1];
    double[] lo = p.floors(scaled);
    if (scaled[0]) {
      return Allocation.of(
          p,
          lo,
          true,
          0,
          List.of("the floors alone exceed the capacity: scaled down proportionally"));
    }
    double[] hi = new double[lo.length];
    for (int i = 0; i < lo.length; i++) {
      hi[i] = Math.max(lo[i], p.capOf(i));
    }
    return Allocation.of(p, fill(p, lo, hi), false, 0, List.of());
  }

  /** Water-fills the capacity in proportion to the weights within [lo, hi]. */
  double[] fill(AllocationProblem p, double[] lo, double[] hi) {
    int m = lo.length;
    double[] w = new double[m];
    double capSum = 0;
    for (int i = 0; i < m; i++) {
      w[i] = p.swarms().get(i).wants() && hi[i] > lo[i] ? Math.max(0, weight.applyAsDouble(i)) : 0;
      capSum += w[i] > 0 ? hi[i] : lo[i];
    }
    double[] x = new double[m];
    if (capSum <= p.capacity()) {
      for (int i = 0; i < m; i++) {
        x[i] = w[i] > 0 ? hi[i] : lo[i];
      }
      return x;
    }
    // k between 0 and the level at which everyone reaches the cap; bisection on the total.
    double kLo = 0;
    double kHi = 0;
    for (int i = 0; i < m; i++) {
      if (w[i] > 0) {
        kHi = Math.max(kHi, hi[i] / w[i]);
      }
    }
    for (int it = 0; it < 200 && kHi - kLo > 1e-15 * kHi; it++) {
      double k = (kLo + kHi) / 2;
      double total = 0;
      for (int i = 0; i < m; i++) {
        total += Math.max(lo[i], Math.min(hi[i], k * w[i]));
      }
      if (total > p.capacity()) {
        kHi = k;
      } else {
        kLo = k;
      }
    }
    for (int i = 0; i < m; i++) {
      x[i] = Math.max(lo[i], Math.min(hi[i], kLo * w[i]));
    }
    return x;
  }
}
