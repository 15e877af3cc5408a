package dev.whirlwind.transcoder.media;

import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * Small test videos made in the test itself: noise pictures (so no encoder can undershoot its
 * rate), a tone with noise for audio, any codec and container FFmpeg writes.
 */
final class TestVideos {
  private TestVideos() {}

  static Path make(
      Path dir,
      String name,
      String format,
      String videoCodec,
      int width,
      int height,
      double fps,
      double seconds,
      String audioCodec)
      throws Exception {
    return NoiseClip.make(dir, name, format, videoCodec, width, height, fps, seconds, audioCodec);
  }

  /** An audio-only file. */
  static Path audioOnly(Path dir, String name) throws Exception {
    Path file = dir.resolve(name);
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 2)) {
      r.setFormat("mp4");
      r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
      r.setSampleRate(48000);
      r.start();
      short[] pcm = new short[48000 * 2];
      Arrays.fill(pcm, (short) 100);
      r.recordSamples(48000, 2, ShortBuffer.wrap(pcm));
      r.stop();
    }
    return file;
  }

  /** The first {@code fraction} of a file: a download cut short. */
  static Path truncated(Path source, Path dir, String name, double fraction) throws Exception {
    byte[] all = Files.readAllBytes(source);
    return Files.write(dir.resolve(name), Arrays.copyOf(all, (int) (all.length * fraction)));
  }
}
