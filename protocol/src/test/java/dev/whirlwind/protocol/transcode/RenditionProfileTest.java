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
        0,
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
            "360p", "h264", 640, 360, 100_000, 0, 0, null, 0, null, "aac", 0, 0, 0, "hls", 0, null);
    assertThat(hls.parametersHash()).isNotEqualTo(base);
    assertThat(hls.effective().segmentSeconds()).isEqualTo(6);
  }

  @Test
  void hevcIsH265AndTheDefaultBufferIsOneSecondOfThePeak() {
    RenditionProfile h265 =
        new RenditionProfile(
            "a", "h265", 640, 360, 100_000, 150_000, 0, null, 0, null, "aac", 0, 0, 0, "mp4", 0,
            null);
    RenditionProfile hevc =
        new RenditionProfile(
            "b", "hevc", 640, 360, 100_000, 150_000, 150_000, null, 0, null, "aac", 0, 0, 0, "mp4",
            0, null);
    assertThat(hevc.effective().videoCodec()).isEqualTo("h265");
    assertThat(hevc.effective().preset()).isEqualTo("veryfast");
    assertThat(h265.effective().bufferBytes()).isEqualTo(150_000);
    assertThat(hevc.parametersHash()).isEqualTo(h265.parametersHash());
    RenditionProfile smallBuffer =
        new RenditionProfile(
            "c", "h265", 640, 360, 100_000, 150_000, 50_000, null, 0, null, "aac", 0, 0, 0, "mp4",
            0, null);
    assertThat(smallBuffer.parametersHash()).isNotEqualTo(h265.parametersHash());
    assertThatThrownBy(
            () ->
                new RenditionProfile(
                        "d", "h265", 640, 360, 100_000, 0, 10, null, 0, null, "aac", 0, 0, 0, "mp4",
                        0, null)
                    .validated())
        .hasMessageContaining("bufferBytes");
  }

  @Test
  void badFieldsAreNamed() {
    assertThatThrownBy(
            () ->
                new RenditionProfile(
                        "x", "mpeg2", 640, 360, 100_000, 0, 0, null, 0, null, "aac", 0, 0, 0, "mp4",
                        0, null)
                    .validated())
        .hasMessageContaining("videoCodec");
    assertThatThrownBy(
            () ->
                new RenditionProfile(
                        "x", "vp9", 640, 360, 100_000, 0, 0, null, 0, null, "aac", 0, 0, 0, "hls",
                        0, null)
                    .validated())
        .hasMessageContaining("VP9");
    assertThatThrownBy(
            () ->
                new RenditionProfile(
                        "x", "h264", 641, 360, 100_000, 0, 0, null, 0, null, "aac", 0, 0, 0, "mp4",
                        0, null)
                    .validated())
        .hasMessageContaining("width");
  }
}
