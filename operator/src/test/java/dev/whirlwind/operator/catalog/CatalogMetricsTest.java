package dev.whirlwind.operator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.crds.v1alpha1.VideoCatalogStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CatalogMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private static VideoCatalogStatus status(boolean degraded, int ready, int failed, int total) {
    VideoCatalogStatus s = new VideoCatalogStatus();
    s.readyVideos = ready;
    s.failedVideos = failed;
    s.totalVideos = total;
    s.conditions.add(
        new ConditionBuilder()
            .withType("Degraded")
            .withStatus(degraded ? "True" : "False")
            .build());
    return s;
  }

  @Test
  void aCatalogsDegradedConditionAndVideoCountsAreGauges() {
    var clock = new MutableClock();
    var metrics = new CatalogMetrics(registry, clock, Duration.ofMinutes(3));
    metrics.recorded("video", "news", status(true, 2, 1, 4));
    String text = registry.scrape();
    assertThat(text)
        .contains("whirlwind_catalog_degraded{catalog=\"video/news\"} 1.0")
        .contains("whirlwind_catalog_videos_ready{catalog=\"video/news\"} 2.0")
        .contains("whirlwind_catalog_videos_failed{catalog=\"video/news\"} 1.0")
        .contains("whirlwind_catalog_videos{catalog=\"video/news\"} 4.0");
    metrics.recorded("video", "news", status(false, 4, 0, 4));
    assertThat(registry.scrape())
        .contains("whirlwind_catalog_degraded{catalog=\"video/news\"} 0.0");
  }

  @Test
  void aCatalogNoLongerReconciledLosesItsGauges() {
    var clock = new MutableClock();
    var metrics = new CatalogMetrics(registry, clock, Duration.ofMinutes(3));
    metrics.recorded("video", "gone", status(false, 1, 0, 1));
    clock.now = clock.now.plus(Duration.ofMinutes(4));
    metrics.recorded("video", "kept", status(false, 1, 0, 1));
    assertThat(registry.scrape()).contains("catalog=\"video/kept\"").doesNotContain("video/gone");
  }

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
