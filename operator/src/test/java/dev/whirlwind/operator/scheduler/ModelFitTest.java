package dev.whirlwind.operator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelFitTest {
  /** Samples of a known model with dithered shares, changing peer counts and 2 % noise. */
  static void feed(ModelFit fit, String id, SwarmModel truth, int n, long seed) {
    Random r = new Random(seed);
    for (int k = 0; k < n; k++) {
      double l = 50 + r.nextInt(400);
      double s = 1 + r.nextInt(80);
      double share = 1e6 * (1 + 0.3 * r.nextGaussian() * 0.3) * (1 + k % 5);
      double rate = truth.rate(share, l, s) * Math.exp(0.02 * r.nextGaussian());
      fit.add(id, new ModelFit.Sample(share, l, s, rate));
    }
  }

  @Test
  void aSwarmsOwnParametersAreRecoveredFromDitheredSamples() {
    ModelFit fit = new ModelFit(200, 8);
    SwarmModel truth = new SwarmModel(0.6, 0.25, 3.0);
    feed(fit, "x", truth, 150, 1);
    ModelFit.Fitted f = fit.fitAll().get("x");
    assertThat(f.pooled()).isFalse();
    assertThat(f.model().a()).isCloseTo(0.6, within(0.03));
    assertThat(f.model().b()).isCloseTo(0.25, within(0.03));
    assertThat(f.meanRelativeError()).isLessThan(0.03);
    assertThat(f.samples()).isEqualTo(150);
  }

  @Test
  void fewOrUninformativeSamplesFallBackToThePool() {
    ModelFit fit = new ModelFit(200, 8);
    feed(fit, "rich", new SwarmModel(0.5, 0.2, 2.0), 100, 2);
    feed(fit, "poor", new SwarmModel(0.5, 0.2, 2.0), 5, 3);
    // Constant share and peers: a, b and f cannot be told apart.
    for (int k = 0; k < 20; k++) {
      fit.add("flat", new ModelFit.Sample(1e6, 100, 10, 5e5));
    }
    fit.add("idle", new ModelFit.Sample(1e6, 0, 10, 0)); // no leechers: not a sample
    Map<String, ModelFit.Fitted> all = fit.fitAll();
    assertThat(all.get("poor").pooled()).isTrue();
    assertThat(all.get("flat").pooled()).isTrue();
    assertThat(all.get("rich").pooled()).isFalse();
    assertThat(all).doesNotContainKey("idle");
    assertThat(all.get("poor").model()).isEqualTo(all.get("").model());
  }

  @Test
  void theWindowSlidesAndFitsAreClampedToTheConcaveRange() {
    ModelFit fit = new ModelFit(50, 8);
    // An old regime, then a new one with a > 1 (not concave): only the window's samples count,
    // and the result is clamped.
    feed(fit, "x", new SwarmModel(0.3, 0.2, 1.0), 50, 4);
    Random r = new Random(5);
    for (int k = 0; k < 50; k++) {
      double share = 1e5 * (1 + k);
      double l = 100 + r.nextInt(100);
      double s = 1 + r.nextInt(20);
      fit.add("x", new ModelFit.Sample(share, l, s, Math.pow(share, 1.2) * Math.pow(s / l, 0.1)));
    }
    ModelFit.Fitted f = fit.fitAll().get("x");
    assertThat(f.samples()).isEqualTo(50);
    assertThat(f.model().a()).isEqualTo(SwarmModel.MAX_A);
  }

  @Test
  void aFewSamplesNeverGiveAModelThatPromisesTheImpossible() {
    // What a real pool measured in its first rounds: two swarms, two intervals each.
    ModelFit fit = new ModelFit(48, 8);
    fit.add("sunrise", new ModelFit.Sample(1_400_000, 12, 0, 1_900_000));
    fit.add("tide", new ModelFit.Sample(520_000, 4, 1, 700_000));
    fit.add("sunrise", new ModelFit.Sample(1_300_000, 11, 1, 1_850_000));
    fit.add("tide", new ModelFit.Sample(480_000, 2, 2, 730_000));
    Map<String, ModelFit.Fitted> all = fit.fitAll();
    for (String id : new String[] {"sunrise", "tide", ""}) {
      ModelFit.Fitted f = all.get(id);
      assertThat(f.pooled()).isTrue();
      // The model passes near what was measured: within a factor of three, not 1e177.
      assertThat(f.meanRelativeError()).as(id).isLessThan(2.0);
      double predicted = f.model().rate(1_400_000, 12, 0);
      assertThat(predicted).as(id).isBetween(1_900_000 / 3.0, 1_900_000 * 3.0);
    }
  }

  @Test
  void aClampedFitKeepsPassingThroughItsSamples() {
    ModelFit fit = new ModelFit(50, 8);
    Random r = new Random(9);
    for (int k = 0; k < 40; k++) {
      double share = 1e5 * (1 + k);
      double l = 100 + r.nextInt(100);
      double s = 1 + r.nextInt(20);
      fit.add("x", new ModelFit.Sample(share, l, s, Math.pow(share, 1.2) * Math.pow(s / l, 0.1)));
    }
    ModelFit.Fitted f = fit.fitAll().get("x");
    assertThat(f.model().a()).isEqualTo(SwarmModel.MAX_A);
    // The scale is refitted for the clamped slope: the error stays moderate.
    assertThat(f.meanRelativeError()).isLessThan(0.5);
  }
}
