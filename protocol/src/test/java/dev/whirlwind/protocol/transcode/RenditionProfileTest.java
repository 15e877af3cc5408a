package dev.whirlwind.protocol.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RenditionProfileTest {
  static RenditionProfile h264(String name, long maxRate, String preset, String accelerator) {
    return new RenditionProfile(
        name,
        "h264",
        640,
        360,
        100_000,
        maxRate,
        null,
        0,
        preset,
        "aac",
        0,
        0,
        0,
        "mp4",
        0,
        accelerator);
  }

  @Test
  void defaultsSpelledOutOrLeftImplicitGiveOneHash() {
    RenditionProfile implicit = h264("360p", 0, null, null);
    RenditionProfile explicit = h264("mobile", 100_000, "veryfast", "cpu");
    assertThat(implicit.parametersHash()).isEqualTo(explicit.parametersHash());
    assertThat(implicit.parametersHash()).matches("[0-9a-f]{64}");
  }

  @Test
  void anyEditThatChangesTheOutputChangesTheHash() {
    String base = h264("360p", 0, null, null).parametersHash();
    assertThat(h264("360p", 150_000, null, null).parametersHash()).isNotEqualTo(base);
    assertThat(h264("360p", 0, "medium", null).parametersHash()).isNotEqualTo(base);
    RenditionProfile hls =
        new RenditionProfile(
            "360p", "h264", 640, 360, 100_000, 0, null, 0, null, "aac", 0, 0, 0, "hls", 0, null);
    assertThat(hls.parametersHash()).isNotEqualTo(base);
    assertThat(hls.effective().segmentSeconds()).isEqualTo(6);
  }

  @Test
  void badFieldsAreNamed() {
    assertThatThrownBy(
            () ->
                new RenditionProfile(
                        "x", "mpeg2", 640, 360, 100_000, 0, null, 0, null, "aac", 0, 0, 0, "mp4", 0,
                        null)
                    .validated())
        .hasMessageContaining("videoCodec");
    assertThatThrownBy(
            () ->
                new RenditionProfile(
                        "x", "vp9", 640, 360, 100_000, 0, null, 0, null, "aac", 0, 0, 0, "hls", 0,
                        null)
                    .validated())
        .hasMessageContaining("VP9");
    assertThatThrownBy(
            () ->
                new RenditionProfile(
                        "x", "h264", 641, 360, 100_000, 0, null, 0, null, "aac", 0, 0, 0, "mp4", 0,
                        null)
                    .validated())
        .hasMessageContaining("width");
  }
}
