package dev.whirlwind.operator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A short simulated day: the policies in the order the model says they must come. */
class FluidSimulatorTest {
  static final FluidSimulator.Config SHORT =
      new FluidSimulator.Config(60, 0.9, 2.0, 100e6, 2e6, 3600, 80e6, 300, 72, 3);

  @Test
  void theExactPolicyBeatsTheBaselinesOnTheSameDay() {
    FluidSimulator.Outcome exact = FluidSimulator.run(SHORT, new KktSolver());
    FluidSimulator.Outcome proportional =
        FluidSimulator.run(SHORT, Proportional.proportionalToSwarmSize());
    FluidSimulator.Outcome free = FluidSimulator.run(SHORT, Proportional.freeCompetition());
    FluidSimulator.Outcome equal = FluidSimulator.run(SHORT, Proportional.equalSplit());
    for (FluidSimulator.Outcome o :
        new FluidSimulator.Outcome[] {exact, proportional, free, equal}) {
      assertThat(o.multiplier()).as(o.policy()).isFinite().isPositive();

      // The cloud hands out what it has, never more.
      assertThat(o.cloudBytes()).as(o.policy()).isLessThanOrEqualTo(80e6 * 300 * 72 * (1 + 1e-9));
    }
    // The world is the model's family with 3 % noise, and the exact policy never pushes a swarm
    // past its leechers' download capacity, so its samples stay where the model holds.
    assertThat(exact.fitError()).isLessThan(0.1);
    assertThat(exact.multiplier()).isGreaterThan(proportional.multiplier());
    assertThat(exact.multiplier()).isGreaterThan(free.multiplier());
    assertThat(exact.multiplier()).isGreaterThan(equal.multiplier());
  }

  @Test
  void theSameDayIsTheSameDay() {
    assertThat(FluidSimulator.run(SHORT, new KktSolver()))
        .usingRecursiveComparison()
        .ignoringFields("solveMillis")
        .isEqualTo(FluidSimulator.run(SHORT, new KktSolver()));
  }

  @Test
  void theDitherKeepsTotalsAndStaysSmall() {
    double[] shares = {1e6, 0, 2e6, 3e6, 5e5, 4e6, 7e6};
    double[] d = Dither.apply(shares, 0.05, new java.util.Random(1));
    double before = 0;
    double after = 0;
    for (int i = 0; i < shares.length; i++) {
      before += shares[i];
      after += d[i];
      assertThat(Math.abs(d[i] - shares[i])).isLessThanOrEqualTo(0.05 * shares[i] + 1e-6);
    }
    assertThat(after).isCloseTo(before, org.assertj.core.api.Assertions.within(1e-3));
    assertThat(d[1]).isZero();
    assertThat(d).isNotEqualTo(shares);
  }
}
