package dev.whirlwind.operator.scheduler;

/**
 * Splits per-swarm shares over the caches that hold each content, within the caches' capacities.
 * Every round each swarm offers its whole share across its caches in proportion to per-edge
 * weights, and every cache that is offered more than its capacity scales the weights of its edges
 * down by the excess (iterative proportional fitting): demand drains away from scarce caches
 * towards swarms' other holders. O(edges) per round; after the rounds, each cache accepts at most
 * its capacity, and what a swarm could not place is reported.
 *
 * <p>Edges are given as two parallel arrays; {@code swarmEdges[i]} lists swarm i's edge indexes.
 */
public final class Placement {
  static final int ROUNDS = 40;

  /**
   * @param edgeRates bytes/s per edge (cache {@code edgeCache[e]} serving swarm {@code
   *     edgeSwarm[e]})
   * @param placed per swarm, the sum over its edges
   * @param unplaced per swarm, share minus placed
   */
  public record Result(double[] edgeRates, double[] placed, double[] unplaced) {
    public double totalUnplaced() {
      double sum = 0;
      for (double u : unplaced) {
        sum += u;
      }
      return sum;
    }
  }

  private Placement() {}

  public static Result place(
      double[] shares,
      double[] cacheCapacity,
      int[] edgeSwarm,
      int[] edgeCache,
      int[][] swarmEdges) {
    int edges = edgeSwarm.length;
    double[] weight = new double[edges];
    for (int e = 0; e < edges; e++) {
      weight[e] = Math.max(0, cacheCapacity[edgeCache[e]]);
    }
    double[] rate = new double[edges];
    double[] load = new double[cacheCapacity.length];
    double total = 0;
    for (double x : shares) {
      total += x;
    }
    for (int round = 0; round <= ROUNDS; round++) {
      offer(shares, weight, swarmEdges, rate);
      java.util.Arrays.fill(load, 0);
      for (int e = 0; e < edges; e++) {
        load[edgeCache[e]] += rate[e];
      }
      // Close enough when the overload is a thousandth of the total: the acceptance and the
      // refill below settle the rest exactly.
      double overload = 0;
      for (int j = 0; j < load.length; j++) {
        overload += Math.max(0, load[j] - cacheCapacity[j]);
      }
      if (overload <= 1e-3 * total) {
        break;
      }
      for (int e = 0; e < edges; e++) {
        int j = edgeCache[e];
        if (load[j] > cacheCapacity[j] * (1 + 1e-12)) {
          weight[e] *= cacheCapacity[j] / load[j];
        }
      }
    }
    // Each cache accepts at most its capacity, first from swarms it is the only holder of (they
    // have nowhere else to go), then the rest in proportion.
    double[] fixed = new double[cacheCapacity.length];
    double[] flexible = new double[cacheCapacity.length];
    for (int e = 0; e < edges; e++) {
      int j = edgeCache[e];
      if (swarmEdges[edgeSwarm[e]].length == 1) {
        fixed[j] += rate[e];
      } else {
        flexible[j] += rate[e];
      }
    }
    double[] spare = new double[cacheCapacity.length];
    for (int j = 0; j < spare.length; j++) {
      spare[j] = Math.max(0, cacheCapacity[j]);
    }
    for (int e = 0; e < edges; e++) {
      int j = edgeCache[e];
      double cap = Math.max(0, cacheCapacity[j]);
      double k;
      if (swarmEdges[edgeSwarm[e]].length == 1) {
        k = fixed[j] > cap ? cap / fixed[j] : 1;
      } else {
        double room = Math.max(0, cap - fixed[j]);
        k = flexible[j] > room ? (flexible[j] > 0 ? room / flexible[j] : 0) : 1;
      }
      rate[e] *= k;
      spare[j] -= rate[e];
    }
    // What a swarm still lacks goes to whatever room its other holders have left.
    for (int i = 0; i < shares.length; i++) {
      double lack = shares[i];
      for (int e : swarmEdges[i]) {
        lack -= rate[e];
      }
      for (int e : swarmEdges[i]) {
        if (lack <= 0) {
          break;
        }
        int j = edgeCache[e];
        double add = Math.min(lack, Math.max(0, spare[j]));
        rate[e] += add;
        spare[j] -= add;
        lack -= add;
      }
    }
    double[] placed = new double[shares.length];
    double[] unplaced = new double[shares.length];
    for (int i = 0; i < shares.length; i++) {
      for (int e : swarmEdges[i]) {
        placed[i] += rate[e];
      }
      unplaced[i] = Math.max(0, shares[i] - placed[i]);
    }
    return new Result(rate, placed, unplaced);
  }

  private static void offer(double[] shares, double[] weight, int[][] swarmEdges, double[] rate) {
    for (int i = 0; i < shares.length; i++) {
      double sum = 0;
      for (int e : swarmEdges[i]) {
        sum += weight[e];
      }
      for (int e : swarmEdges[i]) {
        rate[e] = sum > 0 ? shares[i] * weight[e] / sum : 0;
      }
    }
  }
}
