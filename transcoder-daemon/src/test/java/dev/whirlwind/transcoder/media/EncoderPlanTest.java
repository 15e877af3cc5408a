package dev.whirlwind.transcoder.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.transcode.RenditionProfile;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EncoderPlanTest {
  static final Set<String> CPU_ENCODERS = Set.copyOf(Accelerators.CPU_ENCODERS.values());

  /** An H100: NVDEC decoders, NVENC compiled in but not opening. */
  static final Accelerators H100 =
      new Accelerators(true, CPU_ENCODERS, Set.of(), Set.of("h264_cuvid", "hevc_cuvid"));

  static final Accelerators WITH_NVENC =
      new Accelerators(true, CPU_ENCODERS, Set.of("h264_nvenc"), Set.of("h264_cuvid"));

  static RenditionProfile profile(String codec, String accelerator) {
    return new RenditionProfile(
            "p",
            codec,
            640,
            360,
            100_000,
            0,
            0,
            null,
            0,
            null,
            "aac",
            0,
            0,
            0,
            "mp4",
            0,
            accelerator)
        .effective();
  }

  @Test
  void aGpuWithoutNvencDecodesOnTheGpuAndEncodesOnTheCpu() {
    EncoderPlan plan = EncoderPlan.choose(profile("h264", "gpu"), "h264", H100, true);
    assertThat(plan.path()).isEqualTo("nvdec(h264_cuvid)+cpu(libx264)");
    assertThat(plan.gpu()).isTrue();
  }

  @Test
  void nvencIsUsedWhereItOpens() {
    EncoderPlan plan = EncoderPlan.choose(profile("h264", "gpu"), "h264", WITH_NVENC, true);
    assertThat(plan.path()).isEqualTo("nvdec(h264_cuvid)+nvenc(h264_nvenc)");
    // No NVENC for VP9 anywhere, and no NVDEC for a VP8 source on this GPU: all CPU.
    EncoderPlan vp9 = EncoderPlan.choose(profile("vp9", "gpu"), "vp8", WITH_NVENC, true);
    assertThat(vp9.path()).isEqualTo("cpu+cpu(libvpx-vp9)");
    assertThat(vp9.gpu()).isFalse();
  }

  @Test
  void autoDegradesToTheCpuWhenNoSessionIsFreeAndCpuNeverTouchesTheGpu() {
    assertThat(EncoderPlan.choose(profile("h264", "auto"), "h264", H100, false).path())
        .isEqualTo("cpu+cpu(libx264)");
    assertThat(EncoderPlan.choose(profile("h264", "auto"), "h264", H100, true).gpu()).isTrue();
    assertThat(EncoderPlan.choose(profile("h264", "cpu"), "h264", H100, true).path())
        .isEqualTo("cpu+cpu(libx264)");
  }

  @Test
  void thisBuildHasEveryCpuEncoder() {
    Accelerators here = Accelerators.probe();
    assertThat(here.missing()).isEmpty();
    assertThat(here.cpuEncoders()).contains("libx264", "libx265", "libvpx-vp9", "libsvtav1");
  }
}
