package dev.whirlwind.operator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoxesTest {
  static final SwarmModel M = new SwarmModel(0.5, 0.3, 2);
  static final Boxes SEED = Boxes.seedSystem(1_000_000, 20_000);

  @Test
  void theCapIsWhereTheLeechersDownloadCapacityIsReached() {
    SwarmDemand d = SEED.demand("x", M, 100, 10);
    assertThat(d.rate(d.cap()) / (100 * 1_000_000.0)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void aHungrySwarmsFloorLiftsItsLeechersToTheBasicRate() {
    SwarmDemand d = SEED.demand("x", M, 100, 10);
    assertThat(d.rate(d.floor()) / (100 * 30_000.0)).isCloseTo(1.0, within(1e-9));
    assertThat(d.floor()).isLessThan(d.cap());
  }

  @Test
  void aSeedlessSwarmKeepsAMinimumAndASwarmWithoutLeechersGetsNothing() {
    // Rich in seeds a swarm would need little for the basic rate; without seeds the minimum holds.
    Boxes noHunger = new Boxes(1_000_000, 0, 20_000);
    assertThat(noHunger.demand("seedless", M, 5, 0).floor()).isEqualTo(20_000);
    assertThat(noHunger.demand("seeded", M, 5, 3).floor()).isZero();
    SwarmDemand idle = SEED.demand("idle", M, 0, 7);
    assertThat(idle.floor()).isZero();
    assertThat(idle.cap()).isZero();
    assertThat(idle.wants()).isFalse();
  }

  @Test
  void extremeModelsStayFinite() {
    SwarmDemand d = SEED.demand("x", new SwarmModel(0.05, 0.9, 1e-30), 10, 1);
    assertThat(d.cap()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(d.floor()).isEqualTo(Double.POSITIVE_INFINITY);
    // An unreachable floor and cap: the problem still solves, and the swarm takes what there is.
    Allocation a = new KktSolver().solve(new AllocationProblem(java.util.List.of(d), 1e6));
    assertThat(a.shares()[0]).isCloseTo(1e6, within(1e-3));
  }
}
