package dev.whirlwind.operator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.crds.v1alpha1.RenditionStatus;
import dev.whirlwind.crds.v1alpha1.VideoCatalogStatus;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import dev.whirlwind.operator.web.Telemetry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

class LiveViewTest {
  private static VideoStatus video(String id, VideoPhase phase, Integer percent, String content) {
    VideoStatus v = new VideoStatus();
    v.id = id;
    v.phase = phase;
    v.percent = percent;
    v.contentId = content;
    return v;
  }

  private static List<String> text(List<AttributedString> lines) {
    return lines.stream().map(AttributedString::toString).toList();
  }

  @Test
  void videosCachesSwarmsAndTheMultiplier() {
    VideoCatalogStatus s = new VideoCatalogStatus();
    VideoStatus sunrise = video("sunrise", VideoPhase.Ready, null, "aa11");
    RenditionStatus r = new RenditionStatus();
    r.profile = "360p";
    r.phase = VideoPhase.Ready;
    r.contentId = "bb22";
    sunrise.renditions = List.of(r);
    s.videos = List.of(sunrise, video("tide", VideoPhase.Downloading, 45, "cc33"));
    Telemetry.Sample sample =
        new Telemetry.Sample(
            Instant.now(),
            List.of(
                new Telemetry.CacheSample(
                    "default/q", "q-cache-0", true, 1_500_000, 12_500_000, 7_000_000, 4),
                new Telemetry.CacheSample("default/q", "q-cache-1", false, 0, 0, 0, 0)),
            List.of(new Telemetry.SwarmSample("bb22", 3, 9, 4_200_000, 0)),
            90_000_000,
            250_000_000,
            1_500_000,
            4_200_000,
            2_700_000,
            2.8);
    List<String> lines =
        text(
            LiveView.render(
                new LiveView.Input(
                    "http://127.0.0.1:7600", 4, 5, Map.of("default/quickstart", s), sample),
                120));
    assertThat(lines.get(0))
        .contains("http://127.0.0.1:7600")
        .contains("daemons 4/5")
        .contains("multiplier 2.80")
        .contains("caches 1.5 MB/s")
        .contains("peers 2.7 MB/s");
    assertThat(lines)
        .anyMatch(
            l ->
                l.startsWith("sunrise")
                    && l.contains("Ready")
                    && l.contains("100%")
                    && l.endsWith("1/1"));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("tide") && l.contains("Downloading") && l.contains(" 45%"));
    assertThat(lines)
        .anyMatch(
            l -> l.startsWith("q-cache-0") && l.contains("1.5 MB/s") && l.contains("12.5 MB/s"));
    assertThat(lines).anyMatch(l -> l.startsWith("q-cache-1") && l.contains("unreachable"));
    // A swarm is named after its video and rendition, not its content id.
    assertThat(lines).anyMatch(l -> l.startsWith("sunrise 360p") && l.contains("4.2 MB/s"));
  }

  @Test
  void linesFitTheWidthAndLongCatalogsAreCut() {
    VideoCatalogStatus s = new VideoCatalogStatus();
    s.videos = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      s.videos.add(video("video-with-a-long-name-" + i, VideoPhase.Pending, 0, "c" + i));
    }
    List<AttributedString> lines =
        LiveView.render(new LiveView.Input("http://x", 1, 1, Map.of("k", s), null), 50);
    assertThat(lines).allMatch(l -> l.columnLength() <= 50);
    assertThat(text(lines)).anyMatch(l -> l.contains("and 18 more videos"));
    assertThat(LiveView.bar(50)).startsWith("█".repeat(10) + "░").endsWith(" 50%");
    assertThat(LiveView.bar(250)).endsWith("100%");
  }
}
