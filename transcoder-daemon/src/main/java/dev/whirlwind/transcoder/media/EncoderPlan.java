package dev.whirlwind.transcoder.media;

import dev.whirlwind.protocol.transcode.RenditionProfile;

/**
 * Which engines a job uses: the decoder (FFmpeg's default software decoder, or an NVDEC one) and
 * the encoder (a CPU library or NVENC). {@link #path()} is what jobs and metrics report.
 *
 * @param decoder decoder name, or null for FFmpeg's default for the source
 * @param encoder encoder name
 * @param gpu whether any engine of the plan is on the GPU (the job holds a GPU session)
 */
public record EncoderPlan(String decoder, String encoder, boolean gpu) {

  /** For example {@code nvdec(h264_cuvid)+cpu(libx264)} or {@code cpu(libx264)}. */
  public String path() {
    String enc = (encoder.endsWith("_nvenc") ? "nvenc(" : "cpu(") + encoder + ")";
    return decoder == null ? "cpu+" + enc : "nvdec(" + decoder + ")+" + enc;
  }

  /** The all-CPU plan for the same profile: where a GPU plan falls back to. */
  public EncoderPlan onCpu(RenditionProfile effective) {
    return new EncoderPlan(null, Accelerators.CPU_ENCODERS.get(effective.videoCodec()), false);
  }

  /**
   * The plan for a profile: {@code cpu} uses CPU engines; {@code gpu} and {@code auto} with a free
   * GPU session use what the GPU has (NVDEC for the source codec when present, NVENC when it opens,
   * the CPU encoder otherwise); {@code auto} without a session degrades to the CPU.
   *
   * @param sourceCodec FFmpeg's name of the source's video codec
   */
  public static EncoderPlan choose(
      RenditionProfile effective, String sourceCodec, Accelerators acc, boolean gpuSessionFree) {
    String cpuEncoder = Accelerators.CPU_ENCODERS.get(effective.videoCodec());
    boolean wantGpu =
        acc.cuda()
            && ("gpu".equals(effective.accelerator())
                || ("auto".equals(effective.accelerator()) && gpuSessionFree));
    if (!wantGpu) {
      return new EncoderPlan(null, cpuEncoder, false);
    }
    String nvdec = Accelerators.GPU_DECODERS.get(sourceCodec);
    String decoder = nvdec != null && acc.gpuDecoders().contains(nvdec) ? nvdec : null;
    String nvenc = Accelerators.GPU_ENCODERS.get(effective.videoCodec());
    String encoder = nvenc != null && acc.gpuEncoders().contains(nvenc) ? nvenc : cpuEncoder;
    boolean usesGpu = decoder != null || !encoder.equals(cpuEncoder);
    return new EncoderPlan(decoder, encoder, usesGpu);
  }
}
