package dev.whirlwind.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.operator.catalog.CatalogObservation.CacheView;
import dev.whirlwind.protocol.cache.CacheHoldings;
import dev.whirlwind.protocol.cache.HeldContent;
import dev.whirlwind.protocol.tracker.SwarmReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryTest {
  static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  private static CacheView cache(String name, long served) {
    return new CacheView(
        0,
        name,
        "http://" + name,
        new CacheHoldings(
            name,
            "http://" + name,
            true,
            0,
            5_000_000,
            12_500_000,
            served,
            List.of(new HeldContent("aa", 5_000_000, false, List.of(), served)),
            List.of(),
            Map.of("aa", 3_000_000L)),
        null);
  }

  private static SwarmReport swarm(String id, int leechers, double downloadRate) {
    return new SwarmReport(
        "ih", id, 1, leechers, 0, 0, 0, downloadRate, 0, 0, 0, SwarmReport.BITTORRENT);
  }

  private static SwarmReport swarm(String id, long downloaded) {
    return new SwarmReport("ih", id, 1, 9, 0, 0, 0, 123, 0, downloaded, 0, SwarmReport.BITTORRENT);
  }

  @Test
  void ratesAndTheMultiplierComeFromCountersOverTheSameWindow() {
    Telemetry t = new Telemetry();
    Telemetry.Sample first =
        t.record(T0, Map.of("default/q", List.of(cache("c0", 1_000_000))), List.of(swarm("aa", 0)));
    assertThat(first.cacheUploadBytesPerSecond()).isZero();
    assertThat(first.multiplier()).as("nothing to compare with yet").isNull();

    // In 2 s the cache served 2 MB and the clients announced 6 MB: 4 MB came from peers.
    Telemetry.Sample second =
        t.record(
            T0.plusSeconds(2),
            Map.of(
                "default/q",
                List.of(cache("c0", 3_000_000), new CacheView(1, "c1", null, null, "refused"))),
            List.of(swarm("aa", 6_000_000), swarm(null, 50_000_000)));
    assertThat(second.cacheUploadBytesPerSecond()).isEqualTo(1_000_000);
    assertThat(second.clientDownloadBytesPerSecond()).as("unknown swarms left out").isEqualTo(3e6);
    assertThat(second.peerBytesPerSecond()).isEqualTo(2e6);
    assertThat(second.multiplier()).isEqualTo(3.0);
    assertThat(second.caches().get(0).uploadBytesPerSecond()).isEqualTo(1_000_000);
    assertThat(second.caches())
        .extracting(Telemetry.CacheSample::reachable)
        .containsExactly(true, false);
    assertThat(second.caches().get(0).sharesBytesPerSecond()).isEqualTo(3_000_000L);

    // Clients that never announce (curl) took 4 MB more: over the window (6 MB served, 6 MB
    // announced) what the caches served still counts as received, never less.
    Telemetry.Sample third =
        t.record(
            T0.plusSeconds(4),
            Map.of("default/q", List.of(cache("c0", 7_000_000))),
            List.of(swarm("aa", 6_000_000)));
    assertThat(third.multiplier()).isEqualTo(1.0);
    assertThat(third.peerBytesPerSecond()).isZero();

    // A restarted cache's counter starts again: no negative rate.
    Telemetry.Sample fourth =
        t.record(T0.plusSeconds(6), Map.of("default/q", List.of(cache("c0", 10))), List.of());
    assertThat(fourth.caches().get(0).uploadBytesPerSecond()).isZero();
    assertThat(fourth.cacheUploadBytesPerSecond()).isZero();

    // The window moves on: after a quiet minute the rates are zero again.
    Telemetry.Sample later =
        t.record(T0.plusSeconds(200), Map.of("default/q", List.of(cache("c0", 10))), List.of());
    assertThat(later.multiplier()).isNull();
  }

  @Test
  void historyIsBounded() {
    Telemetry t = new Telemetry();
    for (int i = 0; i < Telemetry.KEPT + 50; i++) {
      t.record(T0.plusSeconds(i), Map.of(), List.of());
    }
    assertThat(t.history()).hasSize(Telemetry.KEPT);
    assertThat(t.history().get(0).at()).isEqualTo(T0.plusSeconds(50));
    assertThat(t.latest().at()).isEqualTo(T0.plusSeconds(Telemetry.KEPT + 49));
  }

  @Test
  void theChartsGetOnePointPerSampleSinceTheirLastRead() {
    Telemetry t = new Telemetry();
    t.record(T0, Map.of("default/q", List.of(cache("c1", 0))), List.of(swarm("aa", 0)));
    t.record(
        T0.plusSeconds(2),
        Map.of("default/q", List.of(cache("c0", 0), cache("c1", 4_000_000))),
        List.of(swarm("aa", 8_000_000)));
    Telemetry.Series all = t.series(Instant.EPOCH);
    assertThat(all.caches()).containsExactly("c0", "c1");
    assertThat(all.points()).hasSize(2);
    assertThat(all.points().get(0).upload()).as("c0 not sampled yet").containsExactly(null, 0.0);
    assertThat(all.points().get(1).upload()).containsExactly(0.0, 2_000_000.0);
    assertThat(all.points().get(1).multiplier()).isEqualTo(2.0);
    assertThat(all.points().get(1).peers()).isEqualTo(2_000_000.0);

    Telemetry.Series newer = t.series(T0);
    assertThat(newer.points())
        .extracting(Telemetry.Point::at)
        .containsExactly(T0.plusSeconds(2).toEpochMilli());
  }
}
