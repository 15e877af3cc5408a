package dev.whirlwind.operator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlacementTest {
  /** Edges as the arrays Placement takes, from per-swarm cache lists. */
  record Graph(int[] edgeSwarm, int[] edgeCache, int[][] swarmEdges) {
    static Graph of(int[][] cachesOfSwarm) {
      List<int[]> edges = new ArrayList<>();
      int[][] swarmEdges = new int[cachesOfSwarm.length][];
      for (int i = 0; i < cachesOfSwarm.length; i++) {
        swarmEdges[i] = new int[cachesOfSwarm[i].length];
        for (int k = 0; k < cachesOfSwarm[i].length; k++) {
          swarmEdges[i][k] = edges.size();
          edges.add(new int[] {i, cachesOfSwarm[i][k]});
        }
      }
      return new Graph(
          edges.stream().mapToInt(e -> e[0]).toArray(),
          edges.stream().mapToInt(e -> e[1]).toArray(),
          swarmEdges);
    }
  }

  static void assertWithinCapacities(Placement.Result r, double[] shares, double[] caps, Graph g) {
    double[] load = new double[caps.length];
    for (int e = 0; e < g.edgeSwarm().length; e++) {
      assertThat(r.edgeRates()[e]).isGreaterThanOrEqualTo(0);
      load[g.edgeCache()[e]] += r.edgeRates()[e];
    }
    for (int j = 0; j < caps.length; j++) {
      assertThat(load[j]).as("cache %d", j).isLessThanOrEqualTo(caps[j] * (1 + 1e-9));
    }
    for (int i = 0; i < shares.length; i++) {
      assertThat(r.placed()[i]).as("swarm %d", i).isLessThanOrEqualTo(shares[i] * (1 + 1e-9));
    }
  }

  @Test
  void demandDrainsFromAScarceCacheToASwarmsOtherHolder() {
    // Swarm 0 is only on cache 0 (small); swarm 1 is on caches 0 and 1 (large).
    Graph g = Graph.of(new int[][] {{0}, {0, 1}});
    double[] caps = {10, 100};
    double[] shares = {10, 50};
    Placement.Result r =
        Placement.place(shares, caps, g.edgeSwarm(), g.edgeCache(), g.swarmEdges());
    assertWithinCapacities(r, shares, caps, g);
    assertThat(r.placed()[0]).isCloseTo(10, within(0.1));
    assertThat(r.placed()[1]).isCloseTo(50, within(0.1));
    assertThat(r.totalUnplaced()).isLessThan(0.2);
  }

  @Test
  void ampleCapacityPlacesEverythingAndBindingCapacityIsReported() {
    Random rnd = new Random(3);
    int swarms = 500;
    int caches = 20;
    int[][] holders = new int[swarms][];
    for (int i = 0; i < swarms; i++) {
      holders[i] = rnd.ints(0, caches).distinct().limit(1 + rnd.nextInt(3)).toArray();
    }
    Graph g = Graph.of(holders);
    double[] shares = rnd.doubles(swarms, 1e4, 1e6).toArray();
    double total = java.util.Arrays.stream(shares).sum();
    double[] ample = new double[caches];
    java.util.Arrays.fill(ample, total);
    Placement.Result all =
        Placement.place(shares, ample, g.edgeSwarm(), g.edgeCache(), g.swarmEdges());
    assertThat(all.totalUnplaced()).isLessThan(1e-6 * total);
    double[] tight = new double[caches];
    java.util.Arrays.fill(tight, total / caches / 2);
    Placement.Result some =
        Placement.place(shares, tight, g.edgeSwarm(), g.edgeCache(), g.swarmEdges());
    assertWithinCapacities(some, shares, tight, g);
    // Half the capacity that is needed: at least about half is unplaced, and it is reported.
    assertThat(some.totalUnplaced()).isGreaterThan(0.45 * total);
  }

  @Test
  void whenCachesBindTheSchedulerCapsAndSolvesAgainForMoreTotalRate() {
    SwarmModel m = new SwarmModel(0.5, 0.3, 2);
    // Swarm 0 is hot but lives only on a small cache; swarm 1 is on a big one.
    AllocationProblem p =
        new AllocationProblem(
            List.of(
                new SwarmDemand("hot", 1000, 1, m, 0, Double.POSITIVE_INFINITY),
                new SwarmDemand("cool", 10, 1, m, 0, Double.POSITIVE_INFINITY)),
            1e6);
    Graph g = Graph.of(new int[][] {{0}, {1}});
    double[] caps = {1e5, 1e6};
    Scheduler.Plan plan =
        new Scheduler(new KktSolver()).plan(p, caps, g.edgeSwarm(), g.edgeCache(), g.swarmEdges());
    assertThat(plan.exact()).isFalse();
    assertThat(plan.rounds()).isGreaterThan(1);
    assertThat(plan.placement().placed()[0]).isCloseTo(1e5, within(1.0));
    // The bandwidth the hot swarm could not use went to the other one.
    assertThat(plan.placement().placed()[1]).isCloseTo(9e5, within(10.0));
    assertThat(plan.placement().totalUnplaced()).isLessThan(10);
  }
}
