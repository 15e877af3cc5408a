package dev.whirlwind.operator.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TrackerClientUrlsTest {
  private static final TrackerNames NAMES = new TrackerNames("films", "video");

  @Test
  void eachShardGetsTheTemplateFilledWithItsNames() {
    assertThat(TrackerClientUrls.of("https://{pod}.{namespace}.example.com/", NAMES, 2))
        .containsExactly(
            "https://films-tracker-0.video.example.com",
            "https://films-tracker-1.video.example.com");
    assertThat(TrackerClientUrls.of("https://t.example.com/{catalog}/{ordinal}", NAMES, 2))
        .containsExactly("https://t.example.com/films/0", "https://t.example.com/films/1");
    assertThat(TrackerClientUrls.of(null, NAMES, 3)).isEmpty();
    assertThat(TrackerClientUrls.of("", NAMES, 3)).isEmpty();
  }

  @Test
  void theCrdPatternTakesOnlyTheTrackersPlaceholders() {
    Pattern p = Pattern.compile(dev.whirlwind.crds.v1alpha1.ApiGroup.TRACKER_URL_TEMPLATE_PATTERN);
    assertThat(p.matcher("https://{pod}.example.com").matches()).isTrue();
    assertThat(p.matcher("https://t.example.com/{catalog}/{ordinal}").matches()).isTrue();
    assertThat(p.matcher("https://{pool}.example.com").matches()).isFalse();
  }
}
