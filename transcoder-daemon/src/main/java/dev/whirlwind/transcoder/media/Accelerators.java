package dev.whirlwind.transcoder.media;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVBufferRef;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * What this machine can encode and decode, probed once at start-up: the CPU encoders of every
 * profile codec, and on a machine with a CUDA device the NVDEC decoders and the NVENC encoders that
 * actually open (data-centre GPUs such as H100 have NVDEC but no NVENC: their encoders are compiled
 * in and fail to open). A missing CPU encoder is a misbuilt image: {@link #missing()}.
 */
public record Accelerators(
    boolean cuda, Set<String> cpuEncoders, Set<String> gpuEncoders, Set<String> gpuDecoders) {

  /** The CPU encoder of each profile codec (and audio codec). */
  public static final Map<String, String> CPU_ENCODERS =
      Map.of(
          "h264", "libx264",
          "h265", "libx265",
          "vp9", "libvpx-vp9",
          "av1", "libsvtav1",
          "aac", "aac",
          "opus", "libopus");

  /** The NVENC encoder of each video codec that has one. */
  public static final Map<String, String> GPU_ENCODERS =
      Map.of("h264", "h264_nvenc", "h265", "hevc_nvenc", "av1", "av1_nvenc");

  /** The NVDEC decoder of each source codec (FFmpeg's codec names) that has one. */
  public static final Map<String, String> GPU_DECODERS;

  static {
    Map<String, String> d = new LinkedHashMap<>();
    for (String c :
        List.of(
            "h264",
            "hevc",
            "vp8",
            "vp9",
            "av1",
            "mpeg1video",
            "mpeg2video",
            "mpeg4",
            "vc1",
            "mjpeg")) {
      d.put(c, c + "_cuvid");
    }
    GPU_DECODERS = Map.copyOf(d);
  }

  public static Accelerators probe() {
    Set<String> cpu = new TreeSet<>();
    for (String name : CPU_ENCODERS.values()) {
      if (avcodec.avcodec_find_encoder_by_name(name) != null) {
        cpu.add(name);
      }
    }
    boolean cuda = cudaDevice();
    Set<String> gpuEnc = new TreeSet<>();
    Set<String> gpuDec = new TreeSet<>();
    if (cuda) {
      for (String name : GPU_ENCODERS.values()) {
        if (opens(name)) {
          gpuEnc.add(name);
        }
      }
      for (String name : GPU_DECODERS.values()) {
        if (avcodec.avcodec_find_decoder_by_name(name) != null) {
          gpuDec.add(name);
        }
      }
    }
    return new Accelerators(cuda, Set.copyOf(cpu), Set.copyOf(gpuEnc), Set.copyOf(gpuDec));
  }

  /** CPU encoders a profile could ask for that this build lacks. */
  public List<String> missing() {
    return CPU_ENCODERS.values().stream().filter(e -> !cpuEncoders.contains(e)).sorted().toList();
  }

  private static boolean cudaDevice() {
    AVBufferRef device = new AVBufferRef(null);
    // Without a driver FFmpeg logs "Could not dynamically load CUDA" as an error: on a CPU
    // machine that is the expected answer, and the start-up line says cuda false.
    int level = avutil.av_log_get_level();
    avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    try {
      return avutil.av_hwdevice_ctx_create(
              device, avutil.AV_HWDEVICE_TYPE_CUDA, (String) null, null, 0)
          >= 0;
    } catch (Throwable e) {
      return false; // no driver: libcuda.so.1 missing
    } finally {
      avutil.av_log_set_level(level);
      avutil.av_buffer_unref(device);
    }
  }

  /** An encoder that is compiled in may still fail to open (no NVENC on this GPU). */
  private static boolean opens(String name) {
    AVCodec codec = avcodec.avcodec_find_encoder_by_name(name);
    if (codec == null) {
      return false;
    }
    AVCodecContext ctx = avcodec.avcodec_alloc_context3(codec);
    try {
      ctx.width(256);
      ctx.height(256);
      ctx.pix_fmt(avutil.AV_PIX_FMT_YUV420P);
      ctx.time_base(avutil.av_make_q(1, 25));
      return avcodec.avcodec_open2(ctx, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null) >= 0;
    } finally {
      avcodec.avcodec_free_context(ctx);
    }
  }
}
