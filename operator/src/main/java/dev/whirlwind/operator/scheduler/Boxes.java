package dev.whirlwind.operator.scheduler;

/**
 * The floors and caps DESIGN.md puts on each swarm, so that every solver sees the same problem:
 *
 * <ul>
 *   <li>cap M_i: the least S_i at which the model reaches the leechers' download capacity ({@code
 *       l_i x perLeecherCapacity}); more would not be downloaded;
 *   <li>floor L_i for a hungry swarm: the S_i that lifts its leechers to the basic rate (30 kB/s
 *       each in the seed system), so hungry swarms are served before satisfied ones are raised;
 *   <li>floor for a swarm with leechers and no seeder: at least {@code seedlessMinimum}, so the
 *       content never dies ("data health").
 * </ul>
 *
 * Floors never exceed the cap; a swarm without leechers gets neither.
 */
public final class Boxes {
  private final double perLeecherCapacity;
  private final double basicRate;
  private final double seedlessMinimum;

  /**
   * @param perLeecherCapacity a leecher's download capacity, bytes/s
   * @param basicRate the per-leecher rate below which a swarm is hungry, bytes/s
   * @param seedlessMinimum the least share of a swarm without seeders, bytes/s
   */
  public Boxes(double perLeecherCapacity, double basicRate, double seedlessMinimum) {
    this.perLeecherCapacity = perLeecherCapacity;
    this.basicRate = basicRate;
    this.seedlessMinimum = seedlessMinimum;
  }

  /** The seed system's numbers: 30 kB/s basic rate. */
  public static Boxes seedSystem(double perLeecherCapacity, double seedlessMinimum) {
    return new Boxes(perLeecherCapacity, 30_000, seedlessMinimum);
  }

  public SwarmDemand demand(String id, SwarmModel model, double leechers, double seeders) {
    if (leechers <= 0) {
      return new SwarmDemand(id, 0, seeders, model, 0, 0);
    }
    double cap = shareFor(model, leechers, seeders, leechers * perLeecherCapacity);
    double hungry =
        shareFor(model, leechers, seeders, leechers * Math.min(basicRate, perLeecherCapacity));
    double floor = Math.max(hungry, seeders < 1 ? seedlessMinimum : 0);
    return new SwarmDemand(id, leechers, seeders, model, Math.min(floor, cap), cap);
  }

  /** The least S at which the model's D reaches {@code rate}; computed in log space. */
  static double shareFor(SwarmModel m, double leechers, double seeders, double rate) {
    double logS = (Math.log(rate) - m.logScale(leechers, seeders)) / m.a();
    return logS > 700 ? Double.POSITIVE_INFINITY : Math.exp(logS);
  }
}
