package dev.whirlwind.operator.scheduler;

import java.util.Random;

/**
 * A small zero-mean perturbation of the shares the scheduler pushes. The scheduler sets S_i itself,
 * so without variation the fit could not tell a_i (the response to S_i) from the rest: each pair of
 * funded swarms trades up to {@code fraction} of the smaller share, which leaves every total
 * unchanged.
 */
public final class Dither {
  private Dither() {}

  public static double[] apply(double[] shares, double fraction, Random random) {
    double[] out = shares.clone();
    int prev = -1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] <= 0) {
        continue;
      }
      if (prev < 0) {
        prev = i;
        continue;
      }
      double delta = fraction * Math.min(out[prev], out[i]) * (2 * random.nextDouble() - 1);
      out[prev] += delta;
      out[i] -= delta;
      prev = -1;
    }
    return out;
  }
}
