package dev.whirlwind.transcoder.media;

import dev.whirlwind.protocol.transcode.RenditionProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * One transcode: the source is read by FFmpeg itself (a URL is streamed over HTTP with ranged
 * seeks, never held in memory), decoded, scaled by the decoder's scaler straight to the output
 * size, encoded and muxed, with frames kept in YUV 4:2:0 all the way (TOOLCHAIN pitfall 7). Frame
 * rates are converted by dropping or repeating frames on the output clock. A failure removes the
 * partial output.
 */
public final class Transcoder {
  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    FFmpegLogCallback.set();
  }

  /** Progress as the job reports it. */
  public interface Progress {
    void update(long frames, double percent, double fps);

    /**
     * The planned GPU engines failed and the transcode starts again on {@code cpu}: whatever the
     * job holds for the GPU can go now rather than when the CPU run ends.
     */
    default void fellBackToCpu(EncoderPlan cpu, String why) {}
  }

  /**
   * What a finished transcode produced.
   *
   * @param frames video frames encoded
   * @param durationSeconds output duration
   * @param width output width
   * @param height output height
   * @param plan the engines that made the output (the CPU ones after a fallback)
   * @param audio what became of the audio: {@code none}, {@code aac}, {@code opus}, {@code
   *     copy(<codec>)}, or why a copy was encoded instead
   * @param fallback why the planned GPU engines were abandoned for the CPU, or null
   */
  public record Result(
      long frames,
      double durationSeconds,
      int width,
      int height,
      EncoderPlan plan,
      String audio,
      String fallback) {
    /** The engines used, as jobs and metrics report them (see {@link EncoderPlan#path()}). */
    public String path() {
      return plan.path();
    }

    Result withFallback(String why) {
      return new Result(frames, durationSeconds, width, height, plan, audio, why);
    }
  }

  /** A source's video codec, for choosing a decoder before the real run. */
  public static String probeCodec(String source) throws TranscodeFailure {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source)) {
      networkOptions(g, source);
      g.start(false);
      if (!g.hasVideo()) {
        throw new TranscodeFailure(
            TranscodeFailure.Reason.NO_VIDEO, "the source has no video stream");
      }
      return g.getVideoCodecName();
    } catch (FrameGrabber.Exception e) {
      throw unreadable(e);
    }
  }

  /**
   * An HTTP source is read over several connections (every seek opens one): a dropped one is
   * reopened at the same offset instead of reading as the end of the file, and a source that stalls
   * for 30 s fails the job.
   */
  private static void networkOptions(FFmpegFrameGrabber g, String source) {
    networkOptions(source).forEach(g::setOption);
  }

  static java.util.Map<String, String> networkOptions(String source) {
    if (source.startsWith("http://") || source.startsWith("https://")) {
      return java.util.Map.of(
          "reconnect", "1",
          "reconnect_on_network_error", "1",
          "reconnect_delay_max", "4",
          "rw_timeout", "30000000");
    }
    return java.util.Map.of();
  }

  /** The MP4 muxer's flags for the profile's container. */
  static String movflags(RenditionProfile p) {
    // HLS: one fragment per key frame, i.e. per segment; the index becomes the playlist.
    return "hls".equals(p.container())
        ? "+frag_keyframe+empty_moov+default_base_moof"
        : "+faststart";
  }

  /** The output size for a source, from a quick look at its header. */
  private static int[] probeOutputSize(String source, RenditionProfile p) throws TranscodeFailure {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source)) {
      networkOptions(g, source);
      g.start(false);
      return outputSize(g, p);
    } catch (FrameGrabber.Exception e) {
      throw unreadable(e);
    }
  }

  private static TranscodeFailure unreadable(Exception e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("decoder") || m.contains("codec")) {
      return new TranscodeFailure(
          TranscodeFailure.Reason.UNKNOWN_CODEC, "cannot decode the source: " + m, e);
    }
    return new TranscodeFailure(
        TranscodeFailure.Reason.SOURCE_UNREADABLE, "cannot read the source as a video: " + m, e);
  }

  /** An output frame rate past this many times the source's is refused: each frame is an encode. */
  static final double MAX_UPSAMPLING = 4;

  /**
   * Transcodes {@code source} (a URL or a file path) into {@code output}. When a plan with GPU
   * engines fails, the transcode runs again on the CPU engines: NVDEC refuses some streams (4:2:2,
   * 4:4:4, sizes beyond its limits), NVENC may be out of sessions, and a job should degrade rather
   * than fail. A source the CPU cannot transcode either fails with the CPU run's reason.
   *
   * @param profile the effective profile
   * @param threads encoder (and decoder) threads of this job
   */
  public Result run(
      String source,
      Path output,
      RenditionProfile profile,
      EncoderPlan plan,
      int threads,
      Progress progress,
      BooleanSupplier cancelled)
      throws TranscodeFailure {
    boolean produced = false;
    try {
      Result result;
      try {
        result = transcode(source, output, profile, plan, threads, progress, cancelled);
      } catch (TranscodeFailure e) {
        if (!plan.gpu() || e.reason() == TranscodeFailure.Reason.CANCELLED) {
          throw e;
        }
        String why = plan.path() + " failed (" + e.getMessage() + ")";
        EncoderPlan cpu = plan.onCpu(profile);
        progress.fellBackToCpu(cpu, why);
        result =
            transcode(source, output, profile, cpu, threads, progress, cancelled)
                .withFallback(why); // the CPU run rewrites the output from its start
      }
      produced = true;
      return result;
    } finally {
      if (!produced) {
        deleteQuietly(output);
      }
    }
  }

  private Result transcode(
      String source,
      Path output,
      RenditionProfile p,
      EncoderPlan plan,
      int threads,
      Progress progress,
      BooleanSupplier cancelled)
      throws TranscodeFailure {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source);
    networkOptions(grabber, source);
    grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    grabber.setOption("threads", Integer.toString(threads));
    if (plan.decoder() != null) {
      grabber.setVideoCodecName(plan.decoder());
      // NVDEC scales in hardware as it decodes: the CPU only converts NV12 to YUV 4:2:0.
      int[] size = probeOutputSize(source, p);
      grabber.setVideoOption("resize", size[0] + "x" + size[1]);
    }
    try {
      grabber.start();
    } catch (FrameGrabber.Exception e) {
      closeQuietly(grabber);
      throw unreadable(e);
    }
    FFmpegFrameRecorder recorder = null;
    Path pictureFile = null;
    try {
      if (!grabber.hasVideo()) {
        throw new TranscodeFailure(
            TranscodeFailure.Reason.NO_VIDEO, "the source has no video stream");
      }
      int[] size = outputSize(grabber, p);
      // Scaled by the decoder side, still YUV 4:2:0.
      grabber.setImageWidth(size[0]);
      grabber.setImageHeight(size[1]);
      double sourceFps = sourceFrameRate(grabber);
      double fps = p.frameRate() == null ? sourceFps : parseRate(p.frameRate());
      if (fps > MAX_UPSAMPLING * sourceFps) {
        throw new TranscodeFailure(
            TranscodeFailure.Reason.LIMIT_EXCEEDED,
            String.format(
                java.util.Locale.ROOT,
                "frameRate %s is more than %.0fx the source's %.3f fps",
                p.frameRate(),
                MAX_UPSAMPLING,
                sourceFps));
      }
      boolean sourceAudio = grabber.hasAudio();
      String audio;
      boolean copyAudio = false;
      if (!sourceAudio || "none".equals(p.audioCodec())) {
        audio = "none";
      } else if ("copy".equals(p.audioCodec())) {
        String codec = avcodec.avcodec_get_name(grabber.getAudioCodec()).getString();
        copyAudio = AudioCopy.mp4Carries(grabber.getAudioCodec());
        audio =
            copyAudio
                ? "copy(" + codec + ")"
                : "aac (the source's " + codec + " cannot go into MP4, so it was encoded)";
      } else {
        audio = p.audioCodec();
      }
      boolean withAudio = !"none".equals(audio) && !copyAudio;
      // With a copied audio track the picture goes to a file of its own first (see AudioCopy).
      Path picture =
          copyAudio ? output.resolveSibling(output.getFileName() + ".picture.mp4") : output;
      pictureFile = copyAudio ? picture : null;
      recorder = recorder(picture, p, plan, threads, size, fps, grabber, withAudio, !copyAudio);
      try {
        recorder.start();
      } catch (FrameRecorder.Exception e) {
        throw new TranscodeFailure(
            TranscodeFailure.Reason.ENCODER_FAILED,
            "cannot open " + plan.encoder() + ": " + e.getMessage(),
            e);
      }
      long length = grabber.getLengthInTime();
      long started = System.nanoTime();
      FrameRateConverter frames =
          new FrameRateConverter(sourceFps, fps, FrameRateConverter.maxFrames(length, fps));
      long lastVideoTimestamp = 0;
      long lastTimestamp = 0;
      long decodedFrames = 0;
      long expectedFrames = videoFrameCount(grabber);
      Frame frame;
      while ((frame = grabFrame(grabber)) != null) {
        if (cancelled.getAsBoolean()) {
          throw new TranscodeFailure(TranscodeFailure.Reason.CANCELLED, "cancelled");
        }
        lastTimestamp = Math.max(lastTimestamp, frame.timestamp);
        if (frame.image != null) {
          decodedFrames++;
          lastVideoTimestamp = frame.timestamp;
          frames.offer(frame, recorder);
          double seconds = (System.nanoTime() - started) / 1e9;
          progress.update(
              frames.written(),
              length > 0 ? Math.min(100, 100.0 * frame.timestamp / length) : -1,
              seconds > 0 ? frames.written() / seconds : 0);
        } else if (frame.samples != null && withAudio) {
          record(recorder, frame, plan);
        }
      }
      frames.finish(recorder);
      if (frames.written() == 0) {
        throw new TranscodeFailure(
            TranscodeFailure.Reason.SOURCE_UNREADABLE, "not a single video frame decoded");
      }
      // A source cut short decodes up to the cut and then simply ends. MP4 and MOV say how many
      // pictures they hold; other containers only a duration (against the longest stream: audio
      // may run past the last picture), which muxers fill in loosely.
      if (expectedFrames > 0 && decodedFrames < expectedFrames - 1) {
        throw new TranscodeFailure(
            TranscodeFailure.Reason.SOURCE_TRUNCATED,
            String.format(
                "the source ends early: %d of its %d pictures decoded (%.1f s)",
                decodedFrames, expectedFrames, lastVideoTimestamp / 1e6));
      }
      double shortBy = (length - lastTimestamp) / 1e6;
      if (expectedFrames <= 0
          && length > 0
          && shortBy > Math.max(1.0, 0.1 * length / 1e6) + 1 / Math.max(1, sourceFps)) {
        throw new TranscodeFailure(
            TranscodeFailure.Reason.SOURCE_TRUNCATED,
            String.format(
                "the source ends %.1f s early: decoded to %.1f s of %.1f s",
                shortBy, lastTimestamp / 1e6, length / 1e6));
      }
      progress.update(
          frames.written(),
          100,
          frames.written() / Math.max(1e-9, (System.nanoTime() - started) / 1e9));
      try {
        recorder.stop();
      } catch (FrameRecorder.Exception e) {
        throw new TranscodeFailure(
            TranscodeFailure.Reason.ENCODER_FAILED, "finishing the output: " + e.getMessage(), e);
      }
      if (copyAudio) {
        AudioCopy.remux(picture, source, networkOptions(source), output, movflags(p));
      }
      return new Result(
          frames.written(), frames.written() / fps, size[0], size[1], plan, audio, null);
    } finally {
      closeQuietly(recorder);
      closeQuietly(grabber);
      if (pictureFile != null) {
        deleteQuietly(pictureFile);
      }
    }
  }

  private static Frame grabFrame(FFmpegFrameGrabber grabber) throws TranscodeFailure {
    try {
      return grabber.grabFrame(true, true, true, false, false);
    } catch (FrameGrabber.Exception e) {
      throw new TranscodeFailure(
          TranscodeFailure.Reason.SOURCE_TRUNCATED, "the source breaks off: " + e.getMessage(), e);
    }
  }

  static void record(FFmpegFrameRecorder recorder, Frame frame, EncoderPlan plan)
      throws TranscodeFailure {
    try {
      if (frame.image != null) {
        recorder.record(frame, avutil.AV_PIX_FMT_YUV420P);
      } else {
        recorder.record(frame);
      }
    } catch (FrameRecorder.Exception e) {
      throw new TranscodeFailure(
          TranscodeFailure.Reason.ENCODER_FAILED, plan.encoder() + ": " + e.getMessage(), e);
    }
  }

  /** Fits the source's display size into the profile's box, aspect kept, both sides even. */
  static int[] outputSize(FFmpegFrameGrabber g, RenditionProfile p) {
    double sar = g.getAspectRatio() > 0 ? g.getAspectRatio() : 1.0;
    double displayWidth = g.getImageWidth() * sar;
    double displayHeight = g.getImageHeight();
    return fit(displayWidth, displayHeight, p.width(), p.height());
  }

  static int[] fit(double sourceWidth, double sourceHeight, int boxWidth, int boxHeight) {
    double scale =
        boxHeight == 0
            ? boxWidth / sourceWidth
            : Math.min(boxWidth / sourceWidth, boxHeight / sourceHeight);
    int w = Math.max(2, 2 * (int) Math.round(sourceWidth * scale / 2));
    int h = Math.max(2, 2 * (int) Math.round(sourceHeight * scale / 2));
    return new int[] {Math.min(w, boxWidth), boxHeight == 0 ? h : Math.min(h, boxHeight)};
  }

  /** The video stream's picture count when the container records it (MP4, MOV), else 0. */
  private static long videoFrameCount(FFmpegFrameGrabber g) {
    var ctx = g.getFormatContext();
    for (int i = 0; i < ctx.nb_streams(); i++) {
      var st = ctx.streams(i);
      if (st.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
        return Math.max(0, st.nb_frames());
      }
    }
    return 0;
  }

  private static double sourceFrameRate(FFmpegFrameGrabber g) {
    double r = g.getVideoFrameRate();
    if (!(r > 0) || r > 1000) {
      r = g.getFrameRate();
    }
    return r > 0 && r <= 1000 ? r : 25;
  }

  static double parseRate(String rate) {
    int slash = rate.indexOf('/');
    return slash < 0
        ? Double.parseDouble(rate)
        : Double.parseDouble(rate.substring(0, slash))
            / Double.parseDouble(rate.substring(slash + 1));
  }

  private static FFmpegFrameRecorder recorder(
      Path output,
      RenditionProfile p,
      EncoderPlan plan,
      int threads,
      int[] size,
      double fps,
      FFmpegFrameGrabber grabber,
      boolean withAudio,
      boolean containerFlags) {
    int channels = 0;
    if (withAudio) {
      channels =
          p.audioChannels() > 0 ? p.audioChannels() : Math.min(2, grabber.getAudioChannels());
    }
    FFmpegFrameRecorder r = new FFmpegFrameRecorder(output.toFile(), size[0], size[1], channels);
    r.setFormat("mp4");
    r.setVideoCodecName(plan.encoder());
    r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    r.setFrameRate(fps);
    int gop =
        "hls".equals(p.container())
            ? (int) Math.max(1, Math.round(p.segmentSeconds() * fps))
            : p.gopFrames() > 0 ? p.gopFrames() : (int) Math.max(1, Math.round(2 * fps));
    r.setGopSize(gop);
    r.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, p.bitrateBytesPerSecond() * 8));
    r.setVideoOption("keyint_min", Integer.toString(gop)); // fixed GOPs: aligned fragments
    r.setVideoOption("threads", Integer.toString(threads));
    EncoderOptions.apply(r, p, plan, gop);
    if (withAudio) {
      boolean opus = "opus".equals(p.audioCodec());
      r.setAudioCodecName(opus ? "libopus" : "aac"); // a copy that cannot be copied is AAC
      long audioRate = p.audioBitrateBytesPerSecond() > 0 ? p.audioBitrateBytesPerSecond() : 16000;
      r.setAudioBitrate((int) (audioRate * 8));
      int rate = p.audioSampleRateHz() > 0 ? p.audioSampleRateHz() : grabber.getSampleRate();
      r.setSampleRate(opus ? 48000 : rate > 0 ? rate : 48000);
    }
    if (containerFlags) {
      r.setOption("movflags", movflags(p));
    }
    return r;
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // Releasing native contexts after a failure: nothing more to do.
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // A leftover temporary file is swept at the next start.
    }
  }
}
