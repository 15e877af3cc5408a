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
  void theTrackersConfigurationCarriesTheClientUrlsAndNoneWithoutATemplate() {
    dev.whirlwind.crds.v1alpha1.VideoCatalog catalog =
        new dev.whirlwind.crds.v1alpha1.VideoCatalog();
    catalog.getMetadata().setName("films");
    catalog.getMetadata().setNamespace("video");
    dev.whirlwind.crds.v1alpha1.VideoCatalogSpec spec =
        new dev.whirlwind.crds.v1alpha1.VideoCatalogSpec();
    spec.trackers = new dev.whirlwind.crds.v1alpha1.TrackerSpec();
    catalog.setSpec(spec);
    java.util.List<String> shards =
        java.util.List.of("http://films-tracker-0.n:6969", "http://films-tracker-1.n:6969");
    assertThat(TrackerDaemonConfigRenderer.render(catalog, shards).clientShardUrls()).isEmpty();
    spec.trackers.publicUrlTemplate = "https://t{ordinal}.example.com";
    assertThat(TrackerDaemonConfigRenderer.render(catalog, shards).clientShardUrls())
        .containsExactly("https://t0.example.com", "https://t1.example.com");
    assertThat(TrackerDaemonConfigRenderer.render(catalog, shards).shardUrls()).isEqualTo(shards);
  }

  @Test
  void theCrdPatternTakesOnlyTheTrackersPlaceholders() {
    Pattern p = Pattern.compile(dev.whirlwind.crds.v1alpha1.ApiGroup.TRACKER_URL_TEMPLATE_PATTERN);
    assertThat(p.matcher("https://{pod}.example.com").matches()).isTrue();
    assertThat(p.matcher("https://t.example.com/{catalog}/{ordinal}").matches()).isTrue();
    assertThat(p.matcher("https://{pool}.example.com").matches()).isFalse();
  }
}
