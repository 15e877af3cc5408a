package dev.whirlwind.protocol.transcode;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a rendition is made to: the parameters of a TranscodeProfile as a transcoder applies them.
 * Rates are bytes per second like the CRD's. {@link #effective()} fills every default, and the
 * rendition key's profile hash is {@link #parametersHash()} over the effective parameters, so two
 * profiles that would produce the same output share renditions while any edit that changes the
 * output yields a new one. The name and the accelerator do not enter the hash: they say how the
 * output is labelled and made, not what it is.
 *
 * @param name the profile's name, for display
 * @param videoCodec h264, h265, vp9 or av1
 * @param width output width; the height follows the source's aspect when {@code height} is 0
 * @param height output height; the output fits in width x height with the source's aspect kept
 * @param bitrateBytesPerSecond target average video rate
 * @param maxBitrateBytesPerSecond peak video rate (the VBV maximum); 0 means the target rate
 * @param bufferBytes VBV buffer size in bytes (ffmpeg's bufsize, here in bytes): how far the rate
 *     may swing around the peak; 0 means one second of the peak rate
 * @param frameRate output frame rate ({@code 30}, {@code 30000/1001}), or null for the source's
 * @param gopFrames frames between key frames, or 0 for two seconds' worth
 * @param preset encoder speed preset, or null for the codec's default
 * @param audioCodec aac, opus, copy (the source's audio packets untouched, when MP4 can carry their
 *     codec; AAC otherwise) or none
 * @param audioBitrateBytesPerSecond audio rate; 0 means 16000
 * @param audioChannels output channels, or 0 for the source's
 * @param audioSampleRateHz output sample rate, or 0 for the source's
 * @param container mp4 (fast-start) or hls (single-file fragmented MP4 with a byte-range playlist)
 * @param segmentSeconds HLS fragment duration; 0 means 6 (ignored for mp4)
 * @param accelerator gpu, cpu or auto (not part of the hash)
 *     <p>Numbers left out of a configuration file or request read as 0, i.e. unset.
 */
public record RenditionProfile(
    String name,
    String videoCodec,
    @JsonSetter(nulls = Nulls.AS_EMPTY) int width,
    @JsonSetter(nulls = Nulls.AS_EMPTY) int height,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long bitrateBytesPerSecond,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long maxBitrateBytesPerSecond,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long bufferBytes,
    String frameRate,
    @JsonSetter(nulls = Nulls.AS_EMPTY) int gopFrames,
    String preset,
    String audioCodec,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long audioBitrateBytesPerSecond,
    @JsonSetter(nulls = Nulls.AS_EMPTY) int audioChannels,
    @JsonSetter(nulls = Nulls.AS_EMPTY) int audioSampleRateHz,
    String container,
    @JsonSetter(nulls = Nulls.AS_EMPTY) int segmentSeconds,
    String accelerator) {

  /** Video codecs; {@code hevc} is another name of {@code h265} (same renditions). */
  public static final List<String> VIDEO_CODECS = List.of("h264", "h265", "hevc", "vp9", "av1");

  public static final List<String> AUDIO_CODECS = List.of("aac", "opus", "copy", "none");
  public static final List<String> CONTAINERS = List.of("mp4", "hls");
  public static final List<String> ACCELERATORS = List.of("gpu", "cpu", "auto");
  private static final Pattern FRAME_RATE = Pattern.compile("^[1-9][0-9]{0,5}(/[1-9][0-9]{0,4})?$");
  private static final Pattern PRESET = Pattern.compile("^[a-z0-9]+$");

  /** Checks every field; the message names the field. */
  public RenditionProfile validated() {
    require(
        videoCodec != null && VIDEO_CODECS.contains(videoCodec),
        "videoCodec must be one of " + VIDEO_CODECS);
    require(width >= 16 && width <= 7680 && width % 2 == 0, "width must be even, 16..7680");
    require(
        height == 0 || (height >= 16 && height <= 4320 && height % 2 == 0),
        "height must be 0 (from the aspect) or even, 16..4320");
    require(bitrateBytesPerSecond >= 1000, "bitrateBytesPerSecond must be at least 1000");
    require(
        maxBitrateBytesPerSecond == 0 || maxBitrateBytesPerSecond >= bitrateBytesPerSecond,
        "maxBitrateBytesPerSecond must be 0 or at least bitrateBytesPerSecond");
    require(
        bufferBytes == 0 || (bufferBytes >= 1000 && bufferBytes <= 1L << 30),
        "bufferBytes must be 0 (one second of the peak rate) or 1000..1073741824");
    require(
        frameRate == null || FRAME_RATE.matcher(frameRate).matches(),
        "frameRate must look like 30 or 30000/1001");
    require(
        frameRate == null || framesPerSecond(frameRate) <= MAX_FRAMES_PER_SECOND,
        "frameRate must be at most " + MAX_FRAMES_PER_SECOND + " frames per second");
    require(gopFrames >= 0 && gopFrames <= 1000, "gopFrames must be 0..1000");
    require(preset == null || PRESET.matcher(preset).matches(), "preset must be [a-z0-9]+");
    require(
        audioCodec != null && AUDIO_CODECS.contains(audioCodec),
        "audioCodec must be one of " + AUDIO_CODECS);
    require(
        audioBitrateBytesPerSecond == 0
            || (audioBitrateBytesPerSecond >= 4000 && audioBitrateBytesPerSecond <= 128000),
        "audioBitrateBytesPerSecond must be 0 or 4000..128000");
    require(audioChannels >= 0 && audioChannels <= 8, "audioChannels must be 0..8");
    require(
        audioSampleRateHz == 0 || (audioSampleRateHz >= 8000 && audioSampleRateHz <= 192000),
        "audioSampleRateHz must be 0 or 8000..192000");
    require(
        container != null && CONTAINERS.contains(container),
        "container must be one of " + CONTAINERS);
    require(
        !("hls".equals(container) && "vp9".equals(videoCodec)),
        "HLS does not carry VP9: use h264, h265 or av1, or container mp4");
    require(segmentSeconds >= 0 && segmentSeconds <= 60, "segmentSeconds must be 0..60");
    require(
        accelerator == null || ACCELERATORS.contains(accelerator),
        "accelerator must be one of " + ACCELERATORS);
    return this;
  }

  /** Output frame rates past this are refused: each frame costs an encode. */
  public static final int MAX_FRAMES_PER_SECOND = 240;

  /** The frames per second a valid {@code frameRate} text names. */
  public static double framesPerSecond(String frameRate) {
    int slash = frameRate.indexOf('/');
    return slash < 0
        ? Double.parseDouble(frameRate)
        : Double.parseDouble(frameRate.substring(0, slash))
            / Double.parseDouble(frameRate.substring(slash + 1));
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The same profile with every default made explicit. */
  public RenditionProfile effective() {
    validated();
    long peak = maxBitrateBytesPerSecond == 0 ? bitrateBytesPerSecond : maxBitrateBytesPerSecond;
    return new RenditionProfile(
        name,
        "hevc".equals(videoCodec) ? "h265" : videoCodec,
        width,
        height,
        bitrateBytesPerSecond,
        peak,
        bufferBytes == 0 ? peak : bufferBytes,
        frameRate,
        gopFrames,
        preset == null ? defaultPreset("hevc".equals(videoCodec) ? "h265" : videoCodec) : preset,
        audioCodec,
        encodesAudio(audioCodec)
            ? audioBitrateBytesPerSecond == 0 ? 16000 : audioBitrateBytesPerSecond
            : 0,
        encodesAudio(audioCodec) ? audioChannels : 0,
        encodesAudio(audioCodec) ? audioSampleRateHz : 0,
        container,
        "hls".equals(container) ? (segmentSeconds == 0 ? 6 : segmentSeconds) : 0,
        accelerator == null ? "auto" : accelerator);
  }

  /** none drops the audio and copy keeps it as it is: neither has a rate or a layout. */
  private static boolean encodesAudio(String audioCodec) {
    return "aac".equals(audioCodec) || "opus".equals(audioCodec);
  }

  /** The preset a codec gets when the profile names none: fast ones, as DESIGN.md asks. */
  public static String defaultPreset(String videoCodec) {
    return switch (videoCodec) {
      case "h264", "h265", "hevc" -> "veryfast";
      case "vp9" -> "realtime";
      case "av1" -> "10";
      default -> throw new IllegalArgumentException("no codec " + videoCodec);
    };
  }

  /**
   * The canonical form of the effective parameters that determine the output: one line of {@code
   * key=value} pairs in a fixed order.
   */
  @JsonIgnore
  public String canonicalParameters() {
    RenditionProfile e = effective();
    return String.join(
        ";",
        "v=1",
        "videoCodec=" + e.videoCodec,
        "width=" + e.width,
        "height=" + e.height,
        "bitrate=" + e.bitrateBytesPerSecond,
        "maxBitrate=" + e.maxBitrateBytesPerSecond,
        "buffer=" + e.bufferBytes,
        "frameRate=" + (e.frameRate == null ? "source" : e.frameRate),
        "gopFrames=" + (e.gopFrames == 0 ? "2s" : Integer.toString(e.gopFrames)),
        "preset=" + e.preset.toLowerCase(Locale.ROOT),
        "audioCodec=" + e.audioCodec,
        "audioBitrate=" + e.audioBitrateBytesPerSecond,
        "audioChannels=" + (e.audioChannels == 0 ? "source" : Integer.toString(e.audioChannels)),
        "audioSampleRate="
            + (e.audioSampleRateHz == 0 ? "source" : Integer.toString(e.audioSampleRateHz)),
        "container=" + e.container,
        "segmentSeconds=" + e.segmentSeconds);
  }

  /** The profile half of a rendition key: lowercase hex SHA-256 of the canonical parameters. */
  @JsonIgnore
  public String parametersHash() {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonicalParameters().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
