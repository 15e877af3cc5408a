package dev.whirlwind.transcoder.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.transcode.RenditionProfile;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizeDistanceTest {
  static RenditionProfile box(int width, int height) {
    return new RenditionProfile(
            "p", "h264", width, height, 100_000, 0, 0, null, 0, null, "aac", 0, 0, 0, "mp4", 0,
            "cpu")
        .effective();
  }

  static RenditionProfile nearest(RenditionProfile want, List<RenditionProfile> have) {
    return have.stream()
        .min(Comparator.comparingDouble(p -> ClosestRendition.sizeDistance(p, want)))
        .orElseThrow();
  }

  @Test
  void widthsDecideWhenAHeightFollowsTheSource() {
    // Heights of 0 made every candidate look equally far when pixel counts were compared.
    List<RenditionProfile> have = List.of(box(1280, 0), box(480, 0), box(1920, 0));
    assertThat(nearest(box(320, 0), have)).isEqualTo(box(480, 0));
    assertThat(nearest(box(1600, 0), have)).isEqualTo(box(1920, 0));
    assertThat(nearest(box(640, 360), have)).isEqualTo(box(480, 0));
  }

  @Test
  void sizesCompareAsRatios() {
    List<RenditionProfile> have = List.of(box(320, 180), box(1280, 720));
    // 640 is as far from 320 as from 1280; 700 is nearer the larger one.
    assertThat(ClosestRendition.sizeDistance(box(640, 360), box(320, 180)))
        .isCloseTo(
            ClosestRendition.sizeDistance(box(640, 360), box(1280, 720)),
            org.assertj.core.data.Offset.offset(1e-12));
    assertThat(nearest(box(700, 394), have)).isEqualTo(box(1280, 720));
    assertThat(nearest(box(400, 226), have)).isEqualTo(box(320, 180));
  }

  @Test
  void theClosestRenditionHasTheAskedCodecAndContainerAndKnownParameters() {
    RenditionProfile h264 = box(640, 360);
    RenditionProfile vp9 =
        new RenditionProfile(
                "v", "vp9", 640, 360, 100_000, 0, 0, null, 0, null, "opus", 0, 0, 0, "mp4", 0,
                "cpu")
            .effective();
    var near =
        new dev.whirlwind.protocol.tracker.RenditionRecord("s", "h1", "r1", "a", box(1280, 720));
    var exactButVp9 = new dev.whirlwind.protocol.tracker.RenditionRecord("s", "h2", "r2", "b", vp9);
    var unknown = new dev.whirlwind.protocol.tracker.RenditionRecord("s", "h3", "r3", "c");
    assertThat(ClosestRendition.among(List.of(exactButVp9, unknown, near), h264, r -> r.profile()))
        .hasValue(near);
    assertThat(ClosestRendition.among(List.of(exactButVp9, unknown), h264, r -> r.profile()))
        .isEmpty();
  }
}
