package dev.whirlwind.operator.scheduler;

/**
 * One swarm as the allocation problem sees it.
 *
 * @param id the content, for reports
 * @param leechers l_i
 * @param seeders s_i (floored at 1 by the model)
 * @param model its fitted rate model
 * @param floor L_i, bytes/s: what it gets before anyone is raised further (data health, hungry
 *     swarms)
 * @param cap M_i, bytes/s: where more bandwidth stops helping (the leechers' download capacity
 *     saturates) or where its caches can place no more; infinite for none
 */
public record SwarmDemand(
    String id, double leechers, double seeders, SwarmModel model, double floor, double cap) {
  public SwarmDemand {
    if (!(floor >= 0) || !(cap >= floor)) {
      throw new IllegalArgumentException(
          id + ": need 0 <= floor <= cap, got " + floor + ", " + cap);
    }
  }

  /** Whether the swarm can use bandwidth at all: no leechers, no download. */
  public boolean wants() {
    return leechers > 0 && cap > 0;
  }

  /** D_i(S) in bytes/s. */
  public double rate(double share) {
    return model.rate(share, leechers, seeders);
  }

  /** dD_i/dS at S (= a D / S); infinite at 0. */
  public double marginal(double share) {
    if (!wants()) {
      return 0;
    }
    return share <= 0 ? Double.POSITIVE_INFINITY : model.a() * rate(share) / share;
  }
}
