package dev.whirlwind.tracker.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.tracker.CacheHeartbeat;
import dev.whirlwind.tracker.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceRegistryTest {
  static final ContentId ID = new ContentId("ab".repeat(32));
  private final ManualClock clock = new ManualClock();
  // Heartbeats every 30 s; a 300 s load window; mirrors bounded at 40 %; 250 kB/s per client.
  private final SourceRegistry registry = new SourceRegistry(clock, 30, 300, 40, 250_000);

  private SourceRegistry.ProbeTarget target(String url) {
    return registry.probeTargets(id -> true).stream()
        .filter(t -> t.url().equals(url))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aMirrorIsNotHandedOutPastItsEstimatedExtraLoadBound() {
    registry.setMirrors(ID, List.of("http://m/v.mp4"));
    assertThat(registry.mirrors(ID)).as("unprobed mirrors are not handed out").isEmpty();
    // Probed at 2.5 MB/s: each hand-out adds 250 kB/s / 2.5 MB/s = 10 % estimated load.
    registry.probeSucceeded(target("http://m/v.mp4"), 20, 2_500_000);
    for (int i = 0; i < 4; i++) {
      List<Source> handed = registry.mirrors(ID);
      assertThat(handed).as("hand-out %d", i + 1).hasSize(1);
      registry.handedOut(handed);
    }
    assertThat(registry.mirrors(ID)).as("40 % reached").isEmpty();
    assertThat(registry.report(ID, "v.mp4", Audience.DAEMONS).get(0).estimatedExtraLoadPercent())
        .isEqualTo(40.0);
    clock.advance(Duration.ofSeconds(301));
    assertThat(registry.mirrors(ID)).as("the window moved on").hasSize(1);
  }

  @Test
  void clientsGetACachesClientUrlAndDaemonsItsOwnWhoseHealthItKeeps() {
    registry.heartbeat(
        "c0",
        new CacheHeartbeat(
            "http://c0.nodes:8080",
            List.of(),
            1,
            1,
            1,
            Map.of(),
            Map.of(),
            "",
            List.of(),
            "https://c0.video.example.com/"),
        Set.of(ID));
    registry.heartbeat(
        "c1",
        new CacheHeartbeat("http://c1.nodes:8080", List.of(), 1, 1, 1, Map.of(), Map.of(), ""),
        Set.of(ID));
    String file = "/c/" + ID.hex() + "/x.mp4";
    assertThat(registry.caches(ID, "x.mp4", Audience.CLIENTS))
        .extracting(Source::url)
        .containsExactlyInAnyOrder(
            "https://c0.video.example.com" + file, "http://c1.nodes:8080" + file);
    assertThat(registry.caches(ID, "x.mp4", Audience.DAEMONS))
        .extracting(Source::url)
        .containsExactlyInAnyOrder("http://c0.nodes:8080" + file, "http://c1.nodes:8080" + file);
    assertThat(registry.report(ID, "x.mp4", Audience.CLIENTS))
        .extracting(dev.whirlwind.protocol.tracker.SourceInfo::url)
        .contains("https://c0.video.example.com" + file);
    // Probes and wrong bytes go by the cache's own URL: clients are then spared it too.
    registry.probeFoundWrongBytes(
        new SourceRegistry.ProbeTarget("u", "http://c0.nodes:8080", ID, true), "piece 1");
    assertThat(registry.caches(ID, "x.mp4", Audience.CLIENTS))
        .extracting(Source::url)
        .containsExactly("http://c1.nodes:8080" + file);
  }

  @Test
  void cachesThatMissHeartbeatsAreDroppedAndWrongBytesDropOnlyThatContent() {
    ContentId other = new ContentId("cd".repeat(32));
    registry.heartbeat(
        "c0",
        new CacheHeartbeat("http://c0:8080/", List.of(), 1, 1, 1, Map.of(), Map.of(), ""),
        Set.of(ID, other));
    assertThat(registry.caches(ID, "x.mp4", Audience.DAEMONS))
        .extracting(Source::url)
        .containsExactly("http://c0:8080/c/" + ID.hex() + "/x.mp4");
    registry.probeFoundWrongBytes(
        new SourceRegistry.ProbeTarget("u", "http://c0:8080", ID, true), "piece 3");
    assertThat(registry.caches(ID, null, Audience.DAEMONS)).isEmpty();
    assertThat(registry.caches(other, null, Audience.DAEMONS)).hasSize(1);
    clock.advance(Duration.ofSeconds(91));
    assertThat(registry.caches(other, null, Audience.DAEMONS))
        .as("three heartbeats missed")
        .isEmpty();
  }

  @Test
  void deadSourcesComeBackWhenTheyAnswerButInconsistentOnesDoNot() {
    registry.setMirrors(ID, List.of("http://a/v", "http://b/v"));
    var a = target("http://a/v");
    var b = target("http://b/v");
    registry.probeSucceeded(a, 5, 1_000_000);
    registry.probeSucceeded(b, 5, 2_000_000);
    assertThat(registry.mirrors(ID))
        .extracting(Source::url)
        .containsExactly("http://b/v", "http://a/v");
    for (int i = 0; i < 3; i++) {
      registry.probeFailed(a, "connection refused");
    }
    registry.probeFoundWrongBytes(b, "piece 0");
    assertThat(registry.mirrors(ID)).isEmpty();
    registry.probeSucceeded(a, 5, 1_000_000);
    registry.probeSucceeded(b, 5, 2_000_000);
    assertThat(registry.mirrors(ID)).extracting(Source::url).containsExactly("http://a/v");
  }
}
