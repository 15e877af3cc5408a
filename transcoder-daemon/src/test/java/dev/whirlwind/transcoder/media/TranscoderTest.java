package dev.whirlwind.transcoder.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.whirlwind.protocol.testing.RangeFileServer;
import dev.whirlwind.protocol.transcode.HlsIndex;
import dev.whirlwind.protocol.transcode.RenditionProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real transcodes of small generated videos to every profile type, each output checked by decoding
 * it: codec, dimensions, duration, bitrate against the peak rate, every frame.
 */
class TranscoderTest {
  @TempDir static Path dir;
  static Path h264WithAac;
  static Path vp9OddSize;
  static Path mpeg4InMatroska;
  static final Accelerators CPU = Accelerators.probe();

  @BeforeAll
  static void sources() throws Exception {
    h264WithAac = TestVideos.make(dir, "a.mp4", "mp4", "libx264", 320, 240, 30, 2, "aac");
    vp9OddSize = TestVideos.make(dir, "b.webm", "webm", "libvpx-vp9", 319, 239, 25, 2, null);
    mpeg4InMatroska = TestVideos.make(dir, "c.mkv", "matroska", "mpeg4", 320, 180, 24, 2, "aac");
  }

  static RenditionProfile profile(
      String codec, int w, int h, String fps, String audio, String container, int segment) {
    return new RenditionProfile(
            "test", codec, w, h, 25_000, 40_000, 0, fps, 0, null, audio, 0, 0, 0, container,
            segment, "cpu")
        .effective();
  }

  private final Transcoder transcoder = new Transcoder();

  private Transcoder.Result run(Path source, Path out, RenditionProfile p) throws Exception {
    return run(source.toString(), out, p);
  }

  private Transcoder.Result run(String source, Path out, RenditionProfile p) throws Exception {
    EncoderPlan plan = EncoderPlan.choose(p, Transcoder.probeCodec(source), CPU, false);
    List<Double> percents = new ArrayList<>();
    Transcoder.Result r =
        transcoder.run(source, out, p, plan, 2, (f, pct, fps) -> percents.add(pct), () -> false);
    assertThat(percents).isNotEmpty();
    assertThat(percents.get(percents.size() - 1)).isEqualTo(100.0);
    assertThat(percents.get(0)).isLessThan(50.0);
    return r;
  }

  private static void withinPeakRate(Decoded d, RenditionProfile p) {
    assertThat(d.videoBytesPerSecond()).isLessThanOrEqualTo(p.maxBitrateBytesPerSecond() * 1.1);
    // Noise cannot be compressed: a rate far under the target means the encoder ignored it.
    assertThat(d.videoBytesPerSecond()).isGreaterThan(p.bitrateBytesPerSecond() * 0.5);
  }

  @Test
  void h264Mp4WithAacFromAnH264Source() throws Exception {
    RenditionProfile p = profile("h264", 160, 120, null, "aac", "mp4", 0);
    Path out = dir.resolve("out-h264.mp4");
    Transcoder.Result r = run(h264WithAac, out, p);
    Decoded d = Decoded.of(out);
    assertThat(d.videoCodec()).isEqualTo("h264");
    assertThat(new int[] {d.width(), d.height()}).containsExactly(160, 120);
    assertThat(d.seconds()).isCloseTo(2.0, within(0.2));
    assertThat(d.frames()).isEqualTo(60).isEqualTo((int) r.frames());
    assertThat(d.audioCodec()).isEqualTo("aac");
    withinPeakRate(d, p);
    assertThat(r.path()).isEqualTo("cpu+cpu(libx264)");
    // Fast start: the movie box comes before the media data.
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(out), 64);
    assertThat(new String(head, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("moov");
  }

  @Test
  void theVbvBufferReachesTheEncoder() throws Exception {
    // x264 writes the settings it encoded with into the stream (an SEI message): the buffer and
    // the peak are read back from the output itself, in kbit as x264 counts them.
    Path roomy = dir.resolve("out-default-buffer.mp4");
    run(h264WithAac, roomy, vbv(0));
    assertThat(x264Settings(roomy)).contains("vbv_maxrate=320 ", "vbv_bufsize=320 ");
    Path small = dir.resolve("out-small-buffer.mp4");
    run(h264WithAac, small, vbv(10_000));
    assertThat(x264Settings(small)).contains("vbv_maxrate=320 ", "vbv_bufsize=80 ");
    assertThat(Decoded.of(small).frames()).isEqualTo(60);
  }

  private static String x264Settings(Path mp4) throws Exception {
    String bytes =
        new String(Files.readAllBytes(mp4), java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = bytes.indexOf("x264 - core");
    assertThat(at).as("x264's settings message").isNotNegative();
    return bytes.substring(at, bytes.indexOf('\0', at));
  }

  private static RenditionProfile vbv(long bufferBytes) {
    return new RenditionProfile(
            "vbv",
            "h264",
            160,
            120,
            25_000,
            40_000,
            bufferBytes,
            null,
            0,
            null,
            "none",
            0,
            0,
            0,
            "mp4",
            0,
            "cpu")
        .effective();
  }

  @Test
  void aGpuPlanThatFailsRunsAgainOnTheCpu() throws Exception {
    // An NVDEC decoder for another codec fails on any machine: at open without a CUDA device,
    // or with no picture decoded on one.
    RenditionProfile p = profile("h264", 160, 120, null, "aac", "mp4", 0);
    EncoderPlan gpuPlan = new EncoderPlan("hevc_cuvid", "libx264", true);
    Path out = dir.resolve("out-fallback.mp4");
    List<String> fallbacks = new ArrayList<>();
    Transcoder.Result r =
        transcoder.run(
            h264WithAac.toString(),
            out,
            p,
            gpuPlan,
            2,
            new Transcoder.Progress() {
              @Override
              public void update(long frames, double percent, double fps) {}

              @Override
              public void fellBackToCpu(EncoderPlan cpu, String why) {
                fallbacks.add(cpu.path());
              }
            },
            () -> false);
    assertThat(fallbacks).as("told before the CPU run").containsExactly("cpu+cpu(libx264)");
    assertThat(r.path()).isEqualTo("cpu+cpu(libx264)");
    assertThat(r.fallback()).startsWith("nvdec(hevc_cuvid)+cpu(libx264) failed");
    Decoded d = Decoded.of(out);
    assertThat(d.frames()).isEqualTo(60);
    assertThat(d.videoCodec()).isEqualTo("h264");
  }

  @Test
  void aSourceTheCpuCannotReadEitherFailsWithTheSourcesReason() throws Exception {
    Path garbage = dir.resolve("garbage-for-gpu.mp4");
    Files.write(garbage, new byte[4096]);
    RenditionProfile p = profile("h264", 160, 120, null, "aac", "mp4", 0);
    Path out = dir.resolve("out-garbage-gpu.mp4");
    assertThatThrownBy(
            () ->
                transcoder.run(
                    garbage.toString(),
                    out,
                    p,
                    new EncoderPlan("h264_cuvid", "libx264", true),
                    2,
                    (f, pct, fps) -> {},
                    () -> false))
        .isInstanceOfSatisfying(
            TranscodeFailure.class,
            f -> assertThat(f.reason()).isEqualTo(TranscodeFailure.Reason.SOURCE_UNREADABLE));
    assertThat(out).doesNotExist();
  }

  @Test
  void anOutputFrameRateFarAboveTheSourcesIsRefusedBeforeAnyFrameIsEncoded() {
    RenditionProfile p = profile("h264", 160, 120, "240", "none", "mp4", 0);
    Path out = dir.resolve("out-too-many-frames.mp4");
    assertThatThrownBy(() -> run(h264WithAac, out, p))
        .isInstanceOfSatisfying(
            TranscodeFailure.class,
            f -> {
              assertThat(f.reason()).isEqualTo(TranscodeFailure.Reason.LIMIT_EXCEEDED);
              assertThat(f.getMessage()).contains("more than 4x the source's 30.000 fps");
            });
    assertThat(out).doesNotExist();
  }

  @Test
  void frameCountsAreBoundedByTheSourcesLength() {
    assertThat(FrameRateConverter.maxFrames(2_000_000, 30)).isEqualTo(126);
    assertThat(FrameRateConverter.maxFrames(0, 30))
        .isEqualTo((long) Math.ceil((4 * 3600 * 1.1 + 2) * 30));
  }

  @Test
  void h265FromAnOddSizedVp9SourceKeepsTheAspectWithEvenSides() throws Exception {
    RenditionProfile p = profile("h265", 160, 160, null, "aac", "mp4", 0);
    Path out = dir.resolve("out-h265.mp4");
    run(vp9OddSize, out, p);
    Decoded d = Decoded.of(out);
    assertThat(d.videoCodec()).isEqualTo("hevc");
    // 319x239 fits 160x160 as 160x119.9: even sides, aspect kept.
    assertThat(new int[] {d.width(), d.height()}).containsExactly(160, 120);
    assertThat(d.audioCodec()).as("the source has no audio").isNull();
    assertThat(d.frames()).isEqualTo(50);
    withinPeakRate(d, p);
  }

  @Test
  void vp9WithAFrameRateChangeFromMpeg4InMatroska() throws Exception {
    RenditionProfile p = profile("vp9", 160, 90, "12", "opus", "mp4", 0);
    Path out = dir.resolve("out-vp9.mp4");
    run(mpeg4InMatroska, out, p);
    Decoded d = Decoded.of(out);
    assertThat(d.videoCodec()).isEqualTo("vp9");
    assertThat(new int[] {d.width(), d.height()}).containsExactly(160, 90);
    assertThat(d.frames()).isEqualTo(24); // 2 s at 12 fps from a 24 fps source
    assertThat(d.seconds()).isCloseTo(2.0, within(0.2));
    assertThat(d.audioCodec()).isEqualTo("opus");
    withinPeakRate(d, p);
  }

  @Test
  void av1HlsStreamedOverHttpPlaysSegmentBySegment() throws Exception {
    RenditionProfile p = profile("av1", 160, 120, null, "aac", "hls", 1);
    Path out = dir.resolve("out-av1.mp4");
    try (RangeFileServer origin =
        new RangeFileServer().put("/a.mp4", Files.readAllBytes(h264WithAac))) {
      Transcoder.Result r = run(origin.url("/a.mp4"), out, p);
      // FFmpeg read it over HTTP with ranged seeks (the source's index sits at its end): more
      // requests than the two opens (probe and run) alone would make.
      assertThat(origin.requests()).isGreaterThan(2);
      Decoded d = Decoded.of(out);
      assertThat(d.videoCodec()).isEqualTo("av1");
      assertThat(d.frames()).isEqualTo(60);
      withinPeakRate(d, p);
      HlsIndex index = playsAsTwoOneSecondSegments(out, r, 60);
      String playlist = index.playlist("out-av1.mp4");
      assertThat(playlist)
          .startsWith("#EXTM3U")
          .contains("#EXT-X-MAP:URI=\"out-av1.mp4\",BYTERANGE=\"" + index.initLength() + "@0\"")
          .contains("#EXT-X-BYTERANGE:")
          .endsWith("#EXT-X-ENDLIST\n");
    }
  }

  @Test
  void h264HlsWithoutAudio() throws Exception {
    RenditionProfile p = profile("h264", 160, 120, null, "none", "hls", 1);
    Path out = dir.resolve("out-hls-h264.mp4");
    playsAsTwoOneSecondSegments(out, run(vp9OddSize, out, p), 50);
  }

  @Test
  void h265HlsSegmentsAreClosedGops() throws Exception {
    // x265 opens its GOPs by default: the pictures leading a segment's CRA would reference the
    // segment before, and a player starting there (a seek, a quality switch) could not show them.
    RenditionProfile p = profile("h265", 160, 120, null, "aac", "hls", 1);
    Path out = dir.resolve("out-hls-h265.mp4");
    // Open, the segments last 0.87 and 1.13 s: the leading pictures sit in the next fragment.
    playsAsTwoOneSecondSegments(out, run(h264WithAac, out, p), 60);
  }

  /**
   * The HLS output of a two-second clip cut into one-second segments: two fragments of a second
   * each, every one decoding on its own and the playlist playing through FFmpeg's demuxer.
   */
  private static HlsIndex playsAsTwoOneSecondSegments(
      Path out, Transcoder.Result r, int expectedFrames) throws Exception {
    HlsIndex index = Fmp4Index.read(out, r.durationSeconds());
    assertThat(index.fragments()).hasSize(2);
    assertThat(index.fragments())
        .allSatisfy(f -> assertThat(f.seconds()).isCloseTo(1.0, within(0.05)));
    playsSegmentBySegment(out, index, expectedFrames);
    playsThroughFfmpegsHlsDemuxer(out, index, expectedFrames);
    return index;
  }

  /**
   * FFmpeg's HLS demuxer (what ffplay and mpv use) plays the playlist over HTTP, laid out as a
   * cache serves it: {@code /c/{id}.m3u8} naming {@code {id}/{id}.mp4}. Since FFmpeg 7.1 the
   * demuxer refuses segment URLs without a media extension, so the bare {@code /c/{id}} would not
   * play.
   */
  private static void playsThroughFfmpegsHlsDemuxer(Path file, HlsIndex index, int expectedFrames)
      throws Exception {
    String id = "e".repeat(64);
    try (RangeFileServer server =
            new RangeFileServer()
                .put("/c/" + id + "/" + id + ".mp4", Files.readAllBytes(file))
                .put(
                    "/c/" + id + ".m3u8",
                    index
                        .playlist(id + "/" + id + ".mp4")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        org.bytedeco.javacv.FFmpegFrameGrabber g =
            new org.bytedeco.javacv.FFmpegFrameGrabber(server.url("/c/" + id + ".m3u8"))) {
      g.start();
      int frames = 0;
      org.bytedeco.javacv.Frame f;
      while ((f = g.grabImage()) != null) {
        assertThat(f.image).isNotNull();
        frames++;
      }
      assertThat(frames).isEqualTo(expectedFrames);
    }
  }

  /** Each byte range, behind the initialization section, decodes on its own: what a player does. */
  private static void playsSegmentBySegment(Path file, HlsIndex index, int expectedFrames)
      throws Exception {
    byte[] all = Files.readAllBytes(file);
    int frames = 0;
    for (int i = 0; i < index.fragments().size(); i++) {
      HlsIndex.Fragment f = index.fragments().get(i);
      byte[] segment = new byte[(int) (index.initLength() + f.length())];
      System.arraycopy(all, 0, segment, 0, (int) index.initLength());
      System.arraycopy(all, (int) f.offset(), segment, (int) index.initLength(), (int) f.length());
      Path seg =
          Files.write(file.resolveSibling(file.getFileName() + ".seg" + i + ".mp4"), segment);
      Decoded d = Decoded.of(seg);
      assertThat(d.frames()).as("segment %d", i).isPositive();
      frames += d.frames();
    }
    assertThat(frames).isEqualTo(expectedFrames);
  }

  @Test
  void audioCopyKeepsTheSourcePacketsNextToTheNewPicture() throws Exception {
    RenditionProfile p = profile("h264", 160, 120, null, "copy", "mp4", 0);
    Path out = dir.resolve("out-copy.mp4");
    Transcoder.Result r = run(h264WithAac, out, p);
    Decoded d = Decoded.of(out);
    Decoded source = Decoded.of(h264WithAac);
    assertThat(r.audio()).isEqualTo("copy(aac)");
    assertThat(d.videoCodec()).isEqualTo("h264");
    assertThat(new int[] {d.width(), d.height()}).containsExactly(160, 120);
    assertThat(d.frames()).isEqualTo(60);
    assertThat(d.audioCodec()).isEqualTo("aac");
    // The very same audio bytes: copied, not encoded again (the profile's rate would be 16 kB/s).
    assertThat(d.audioBytes()).isEqualTo(source.audioBytes());
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(out), 64);
    assertThat(new String(head, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("moov");
    assertThat(dir.resolve("out-copy.mp4.picture.mp4")).doesNotExist();
  }

  @Test
  void audioCopyIntoHlsKeepsEverySegmentPlayable() throws Exception {
    RenditionProfile p = profile("h264", 160, 120, null, "copy", "hls", 1);
    Path out = dir.resolve("out-copy-hls.mp4");
    playsAsTwoOneSecondSegments(out, run(h264WithAac, out, p), 60);
    assertThat(Decoded.of(out).audioBytes()).isEqualTo(Decoded.of(h264WithAac).audioBytes());
  }

  @Test
  void audioThatMp4CannotCarryIsEncodedAndSaysSo() throws Exception {
    // G.711 mu-law: MOV carries it, MP4 does not.
    Path ulaw = TestVideos.make(dir, "ulaw.mov", "mov", "mpeg4", 320, 240, 25, 2, "pcm_mulaw");
    RenditionProfile p = profile("h264", 160, 120, null, "copy", "mp4", 0);
    Path out = dir.resolve("out-ulaw.mp4");
    Transcoder.Result r = run(ulaw, out, p);
    assertThat(r.audio()).contains("pcm_mulaw").contains("encoded");
    assertThat(Decoded.of(out).audioCodec()).isEqualTo("aac");
  }

  @Test
  void aTruncatedSourceFailsWithItsReasonAndLeavesNoOutput() throws Exception {
    Path cut = TestVideos.truncated(h264WithAac, dir, "cut.mp4", 0.5);
    Path out = dir.resolve("out-cut.mp4");
    // The source's index is at its end: the cut file is not even a readable MP4.
    assertThatThrownBy(() -> run(cut, out, profile("h264", 160, 120, null, "aac", "mp4", 0)))
        .isInstanceOf(TranscodeFailure.class)
        .satisfies(
            e ->
                assertThat(((TranscodeFailure) e).reason())
                    .isIn(
                        TranscodeFailure.Reason.SOURCE_UNREADABLE,
                        TranscodeFailure.Reason.SOURCE_TRUNCATED));
    assertThat(out).doesNotExist();
  }

  @Test
  void aSourceCutShortAfterItsIndexIsTruncated() throws Exception {
    // A fast-start MP4 (index first) cut in half decodes up to the cut and then ends early.
    Path faststart = dir.resolve("faststart.mp4");
    new Transcoder()
        .run(
            h264WithAac.toString(),
            faststart,
            profile("h264", 320, 240, null, "aac", "mp4", 0),
            new EncoderPlan(null, "libx264", false),
            2,
            (f, p, s) -> {},
            () -> false);
    Path cut = TestVideos.truncated(faststart, dir, "cut-faststart.mp4", 0.5);
    Path out = dir.resolve("out-cut2.mp4");
    assertThatThrownBy(() -> run(cut, out, profile("h264", 160, 120, null, "aac", "mp4", 0)))
        .isInstanceOf(TranscodeFailure.class)
        .hasMessageContaining("ends early")
        .satisfies(
            e ->
                assertThat(((TranscodeFailure) e).reason())
                    .isEqualTo(TranscodeFailure.Reason.SOURCE_TRUNCATED));
    assertThat(out).doesNotExist();
  }

  @Test
  void noVideoStreamAndGarbageFailWithClearReasons() throws Exception {
    Path audio = TestVideos.audioOnly(dir, "audio.m4a");
    assertThatThrownBy(() -> Transcoder.probeCodec(audio.toString()))
        .isInstanceOf(TranscodeFailure.class)
        .hasMessageContaining("no video stream");
    Path garbage = Files.write(dir.resolve("garbage.mp4"), new byte[50_000]);
    assertThatThrownBy(() -> Transcoder.probeCodec(garbage.toString()))
        .isInstanceOf(TranscodeFailure.class)
        .satisfies(
            e ->
                assertThat(((TranscodeFailure) e).reason())
                    .isEqualTo(TranscodeFailure.Reason.SOURCE_UNREADABLE));
  }

  @Test
  void aCancelledJobStopsAndLeavesNoOutput() throws Exception {
    Path out = dir.resolve("out-cancel.mp4");
    RenditionProfile p = profile("h264", 160, 120, null, "aac", "mp4", 0);
    int[] calls = {0};
    assertThatThrownBy(
            () ->
                transcoder.run(
                    h264WithAac.toString(),
                    out,
                    p,
                    new EncoderPlan(null, "libx264", false),
                    1,
                    (f, pct, fps) -> {},
                    () -> ++calls[0] > 10))
        .isInstanceOf(TranscodeFailure.class)
        .satisfies(
            e ->
                assertThat(((TranscodeFailure) e).reason())
                    .isEqualTo(TranscodeFailure.Reason.CANCELLED));
    assertThat(out).doesNotExist();
  }

  @Test
  void fittingKeepsTheAspectWithEvenSides() {
    assertThat(Transcoder.fit(1920, 1080, 640, 360)).containsExactly(640, 360);
    assertThat(Transcoder.fit(1920, 1080, 640, 640)).containsExactly(640, 360);
    assertThat(Transcoder.fit(1080, 1920, 640, 360)).containsExactly(202, 360);
    assertThat(Transcoder.fit(319, 239, 160, 0)).containsExactly(160, 120);
  }
}
