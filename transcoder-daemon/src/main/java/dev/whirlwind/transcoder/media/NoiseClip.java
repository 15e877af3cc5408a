package dev.whirlwind.transcoder.media;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * A test clip: noise pictures (no encoder can undershoot its rate on them) and a tone with noise,
 * in any codec and container FFmpeg writes. Tests, the end-to-end suite and bench/transcode make
 * their sources with it: {@code java -cp transcoder-daemon.jar
 * dev.whirlwind.transcoder.media.NoiseClip OUT FORMAT CODEC WIDTH HEIGHT FPS SECONDS [AUDIO]}.
 */
public final class NoiseClip {
  private NoiseClip() {}

  public static void main(String[] a) throws Exception {
    Path out = Path.of(a[0]);
    make(
        out.toAbsolutePath().getParent(),
        out.getFileName().toString(),
        a[1],
        a[2],
        Integer.parseInt(a[3]),
        Integer.parseInt(a[4]),
        Double.parseDouble(a[5]),
        Double.parseDouble(a[6]),
        a.length > 7 ? a[7] : null);
  }

  /**
   * @param audioCodec FFmpeg encoder name, or null for no audio
   */
  public static Path make(
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
}
