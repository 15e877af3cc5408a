package dev.whirlwind.operator.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.tracker.SwarmReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Problem building from daemon answers: what a round measures, whom it funds, what it pushes. */
class AllocationRoundTest {
  static final String A = "a".repeat(64);
  static final String B = "b".repeat(64);
  static final String IDLE = "d".repeat(64);
  static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  private static SwarmReport swarm(String id, int seeders, int leechers, double download) {
    return new SwarmReport(
        "ih" + id.charAt(0),
        id,
        seeders,
        leechers,
        0,
        0,
        0,
        download,
        0,
        0,
        0,
        SwarmReport.BITTORRENT);
  }

  private static AllocationRound.Inputs inputs(
      Instant now, long servedA0, long servedA1, long servedB1, List<SwarmReport> swarms) {
    return inputs(
        now,
        servedA0,
        servedA1,
        servedB1,
        swarms,
        new dev.whirlwind.operator.scheduler.KktSolver());
  }

  private static AllocationRound.Inputs inputs(
      Instant now,
      long servedA0,
      long servedA1,
      long servedB1,
      List<SwarmReport> swarms,
      dev.whirlwind.operator.scheduler.AllocationSolver solver) {
    return new AllocationRound.Inputs(
        List.of(
            new AllocationRound.CacheReading(
                0, "edge-cache-0", 10_000_000, Map.of(A, servedA0, IDLE, 0L), 1000),
            new AllocationRound.CacheReading(
                1, "edge-cache-1", 10_000_000, Map.of(A, servedA1, B, servedB1), 2000)),
        swarms,
        Map.of(),
        30_720,
        2_500_000,
        0,
        now,
        List.of("cache edge-cache-2: connection refused"),
        solver);
  }

  @Test
  void theEqualSplitBaselineGivesBothSwarmsTheSameWhereTheExactSolverDoesNot() {
    List<SwarmReport> swarms = List.of(swarm(A, 0, 30, 3_000_000), swarm(B, 0, 3, 300_000));
    AllocationRound.Output exact =
        AllocationRound.run(inputs(T0, 0, 0, 0, swarms), new PoolState(48, 8, 1));
    AllocationRound.Output equal =
        AllocationRound.run(
            inputs(T0, 0, 0, 0, swarms, dev.whirlwind.operator.scheduler.Proportional.equalSplit()),
            new PoolState(48, 8, 1));
    java.util.function.BiFunction<AllocationRound.Output, String, Long> total =
        (o, id) -> o.shares().values().stream().mapToLong(m -> m.getOrDefault(id, 0L)).sum();
    assertThat((double) total.apply(equal, A))
        .isCloseTo(total.apply(equal, B), org.assertj.core.data.Percentage.withPercentage(2));
    assertThat(total.apply(exact, A)).isNotEqualTo(total.apply(exact, B));
  }

  @Test
  void sharesGoOnlyToCachesHoldingSwarmsWithLeechersAndAreMeasuredFromCounters() {
    PoolState state = new PoolState(48, 8, 1);
    List<SwarmReport> swarms =
        List.of(swarm(A, 1, 20, 2_000_000), swarm(B, 0, 5, 300_000), swarm(IDLE, 3, 0, 0));
    AllocationRound.Output first = AllocationRound.run(inputs(T0, 0, 0, 0, swarms), state);
    assertThat(Double.isNaN(first.report().measuredMultiplier()))
        .as("no interval measured yet")
        .isTrue();
    assertThat(first.report().swarms()).isEqualTo(2);
    assertThat(first.shares().get(0)).containsOnlyKeys(A);
    assertThat(first.shares().get(1)).containsOnlyKeys(A, B);
    assertThat(first.shares().values().stream().flatMap(m -> m.values().stream()))
        .allSatisfy(rate -> assertThat(rate).isGreaterThanOrEqualTo(16_384));
    assertThat(first.report().totalShareBytesPerSecond())
        .isLessThanOrEqualTo(20_000_000 + 3 * 16_384);
    assertThat(first.report().unreachable())
        .containsExactly("cache edge-cache-2: connection refused");

    // Ten seconds later the caches served A 5 MB + 5 MB and B 1 MB: S_A 1 MB/s, S_B 100 kB/s.
    AllocationRound.Output second =
        AllocationRound.run(
            inputs(T0.plusSeconds(10), 5_000_000, 5_000_000, 1_000_000, swarms), state);
    assertThat(second.report().measuredMultiplier())
        .isCloseTo(2_300_000 / 1_100_000.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(second.report().top())
        .extracting(AllocationReport.TopSwarm::contentId)
        .contains(A, B);
    // The pool's own figures: what it stores, and all it sent (1.1 MB/s), swarms or not.
    assertThat(second.report().storedBytes()).isEqualTo(3000);
    assertThat(second.report().uploadBytesPerSecond()).isEqualTo(1_100_000);
    assertThat(first.report().uploadBytesPerSecond()).isEqualTo(-1);
  }

  @Test
  void aHungrySwarmWithoutSeedersGetsAtLeastItsFloor() {
    PoolState state = new PoolState(48, 8, 1);
    List<SwarmReport> swarms = List.of(swarm(A, 10, 2, 50_000), swarm(B, 0, 40, 10_000));
    AllocationRound.Output out = AllocationRound.run(inputs(T0, 0, 0, 0, swarms), state);
    long b = out.shares().get(1).get(B);
    assertThat(b).isGreaterThan(out.shares().get(1).get(A));
    assertThat(b).isGreaterThanOrEqualTo(16_384);
  }

  @Test
  void swarmsOfOneContentReportedByTwoCatalogsAreSummed() {
    var merged =
        AllocationRound.byContent(
            List.of(swarm(A, 1, 2, 100), swarm(A, 3, 4, 200), swarm(B, 0, 1, 5)));
    assertThat(merged.get(A).leechers()).isEqualTo(6);
    assertThat(merged.get(A).seeders()).isEqualTo(4);
    assertThat(merged.get(A).downloadBytesPerSecond()).isEqualTo(300);
    assertThat(merged).hasSize(2);
  }

  @Test
  void aRestartedCacheCountsItsServedBytesFromZero() {
    PoolState state = new PoolState(48, 8, 1);
    List<SwarmReport> swarms = List.of(swarm(A, 1, 20, 2_000_000));
    AllocationRound.run(inputs(T0, 9_000_000, 0, 0, swarms), state);
    var share = AllocationRound.measure(inputs(T0.plusSeconds(10), 1_000_000, 0, 0, swarms), state);
    assertThat(share.get(A)).isEqualTo(100_000.0);
  }
}
