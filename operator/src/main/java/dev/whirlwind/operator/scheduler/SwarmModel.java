package dev.whirlwind.operator.scheduler;

/**
 * The fitted rate model of one swarm:
 *
 * <pre>
 *   D(S) = f * S^a * l^(1 - a - b) * s^b        0 &lt; a &lt; 1, b &gt; 0, f &gt; 0
 * </pre>
 *
 * where S is the cloud bandwidth the swarm receives (bytes/s), l its leechers, s its seeders
 * (floored at 1), and D its aggregate download rate (bytes/s). With {@code c = f l^(1-a-b) s^b},
 * {@code D(S) = c S^a} and the marginal gain is {@code dD/dS = a D / S}: concave in S, which is
 * what makes the allocation problem solvable exactly.
 *
 * @param a elasticity of the download rate in the cloud bandwidth, in (0, 1)
 * @param b elasticity in the seeder/leecher ratio, &gt; 0
 * @param f scale, &gt; 0 (bytes/s to the power 1 - a, per peer)
 */
public record SwarmModel(double a, double b, double f) {
  /** Bounds that keep every fitted model concave and identifiable (DESIGN.md). */
  public static final double MIN_A = 0.05;

  public static final double MAX_A = 0.95;
  public static final double MIN_B = 1e-3;

  public SwarmModel {
    if (!(a > 0 && a < 1) || !(b > 0) || !(f > 0) || !Double.isFinite(f)) {
      throw new IllegalArgumentException(
          "need 0 < a < 1, b > 0, f > 0; got " + a + ", " + b + ", " + f);
    }
  }

  /** The same model with a and b clamped into the concave, identifiable range. */
  public static SwarmModel clamped(double a, double b, double f) {
    return new SwarmModel(
        Math.min(MAX_A, Math.max(MIN_A, a)),
        Math.max(MIN_B, b),
        Double.isFinite(f) && f > 0 ? f : 1e-9);
  }

  /** log c = log f + (1 - a - b) log l + b log s, with s floored at 1. */
  public double logScale(double leechers, double seeders) {
    return Math.log(f) + (1 - a - b) * Math.log(leechers) + b * Math.log(Math.max(1, seeders));
  }

  /** D(S) in bytes/s; 0 without leechers or bandwidth. */
  public double rate(double share, double leechers, double seeders) {
    if (leechers <= 0 || share <= 0) {
      return 0;
    }
    return Math.exp(logScale(leechers, seeders) + a * Math.log(share));
  }
}
