package dev.whirlwind.operator.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * One scheduling round: solve the pooled problem, place the shares on the caches, and while the
 * caches' capacities keep some swarm from its share, cap that swarm at what it could place and
 * solve again so the bandwidth it cannot use goes to others (a few rounds). The result is exact
 * only when nothing binds.
 */
public final class Scheduler {
  static final int MAX_ROUNDS = 4;
  private final AllocationSolver solver;

  public Scheduler(AllocationSolver solver) {
    this.solver = solver;
  }

  /**
   * @param allocation the final solve
   * @param placement its placement on the caches
   * @param rounds solves done
   * @param exact whether no cache capacity bound (the pooled optimum was placed whole)
   */
  public record Plan(
      Allocation allocation, Placement.Result placement, int rounds, boolean exact) {}

  public Plan plan(
      AllocationProblem problem,
      double[] cacheCapacity,
      int[] edgeSwarm,
      int[] edgeCache,
      int[][] swarmEdges) {
    AllocationProblem p = problem;
    Allocation a = solver.solve(p);
    Placement.Result placed =
        Placement.place(a.shares(), cacheCapacity, edgeSwarm, edgeCache, swarmEdges);
    int rounds = 1;
    boolean exact = true;
    while (rounds < MAX_ROUNDS && binds(a, placed)) {
      exact = false;
      List<SwarmDemand> capped = new ArrayList<>(p.swarms().size());
      for (int i = 0; i < p.swarms().size(); i++) {
        SwarmDemand s = p.swarms().get(i);
        double reachable = placed.placed()[i];
        if (placed.unplaced()[i] > 1e-6 * Math.max(1, a.shares()[i])) {
          double cap = Math.min(s.cap(), reachable);
          capped.add(
              new SwarmDemand(
                  s.id(), s.leechers(), s.seeders(), s.model(), Math.min(s.floor(), cap), cap));
        } else {
          capped.add(s);
        }
      }
      p = new AllocationProblem(capped, p.capacity());
      a = solver.solve(p);
      placed = Placement.place(a.shares(), cacheCapacity, edgeSwarm, edgeCache, swarmEdges);
      rounds++;
    }
    return new Plan(a, placed, rounds, exact && !binds(a, placed));
  }

  private static boolean binds(Allocation a, Placement.Result placed) {
    double total = 0;
    for (double s : a.shares()) {
      total += s;
    }
    // A thousandth of the total left unplaced is within the measurement noise of the rates.
    return placed.totalUnplaced() > 1e-3 * Math.max(1, total);
  }
}
