package dev.whirlwind.transcoder.media;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Small test videos made in the test itself: noise pictures (so no encoder can undershoot its
 * rate), a tone with noise for audio, any codec and container FFmpeg writes.
 */
final class TestVideos {
  private TestVideos() {}

  /**
   * @param audioCodec FFmpeg encoder name, or null for no audio
   */
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
    Path file = dir.resolve(name);
    Random random = new Random(name.hashCode());
    int channels = audioCodec == null ? 0 : 2;
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, channels)) {
      r.setFormat(format);
      r.setVideoCodecName(videoCodec);
      r.setFrameRate(fps);
      r.setVideoBitrate(2_000_000);
      r.setGopSize((int) Math.round(fps));
      if (videoCodec.equals("libvpx-vp9")) {
        r.setVideoOption("deadline", "realtime");
        r.setVideoOption("cpu-used", "8");
      }
      if (audioCodec != null) {
        r.setAudioCodecName(audioCodec);
        r.setSampleRate(48000);
        r.setAudioBitrate(96_000);
      }
      r.start();
      Frame picture = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
      ByteBuffer pixels = (ByteBuffer) picture.image[0];
      byte[] noise = new byte[pixels.capacity()];
      int frames = (int) Math.round(fps * seconds);
      int samplesPerFrame = (int) Math.round(48000 / fps);
      long sample = 0;
      for (int i = 0; i < frames; i++) {
        random.nextBytes(noise);
        pixels.clear();
        pixels.put(noise).flip();
        r.record(picture);
        if (audioCodec != null) {
          short[] pcm = new short[samplesPerFrame * channels];
          for (int s = 0; s < samplesPerFrame; s++, sample++) {
            short v =
                (short)
                    (8000 * Math.sin(2 * Math.PI * 440 * sample / 48000.0)
                        + random.nextGaussian() * 1000);
            pcm[2 * s] = v;
            pcm[2 * s + 1] = v;
          }
          r.recordSamples(48000, channels, ShortBuffer.wrap(pcm));
        }
      }
      r.stop();
    }
    return file;
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
