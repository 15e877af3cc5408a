package dev.whirlwind.transcoder.samples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * The sample videos of standalone mode, made with the FFmpeg that JavaCV ships, so a first run
 * needs nothing from the network: H.264 and AAC in fast-start MP4, of a few sizes and lengths, with
 * pictures that move (a drifting colour field, a bouncing square, a sweeping bar) and a tune.
 * {@code java -cp transcoder-daemon.jar dev.whirlwind.transcoder.samples.SampleClips DIR} writes
 * the ones missing (each into a temporary file first, then renamed: a cut-short run leaves no half
 * clip) and prints one line per clip.
 */
public final class SampleClips {
  /** One sample: its file name and how it is made. */
  public record Clip(String name, int width, int height, int fps, int seconds, int audioHz) {}

  public static final List<Clip> CLIPS =
      List.of(
          new Clip("sunrise.mp4", 1280, 720, 25, 12, 440),
          new Clip("tide.mp4", 854, 480, 25, 8, 523),
          new Clip("spark.mp4", 640, 360, 30, 5, 659));

  private SampleClips() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: SampleClips DIR");
      System.exit(2);
    }
    // Errors only: libx264 and the muxer otherwise describe every clip at length.
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    Path dir = Files.createDirectories(Path.of(args[0]));
    for (Clip c : CLIPS) {
      Path file = dir.resolve(c.name());
      if (!Files.exists(file)) {
        make(c, file);
      }
      System.out.println(c.name() + " " + Files.size(file));
    }
  }

  /** Writes one clip through a temporary file. */
  public static void make(Clip c, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(tmp.toFile(), c.width(), c.height(), 2)) {
      r.setFormat("mp4");
      r.setVideoCodecName("libx264");
      r.setVideoOption("preset", "veryfast");
      r.setFrameRate(c.fps());
      r.setGopSize(2 * c.fps());
      r.setVideoBitrate(c.height() * 3000);
      r.setAudioCodecName("aac");
      r.setSampleRate(48000);
      r.setAudioBitrate(128_000);
      r.setOption("movflags", "+faststart");
      r.start();
      Frame picture = new Frame(c.width(), c.height(), Frame.DEPTH_UBYTE, 3);
      int frames = c.fps() * c.seconds();
      int samplesPerFrame = 48000 / c.fps();
      long sample = 0;
      for (int i = 0; i < frames; i++) {
        paint(picture, c, i);
        r.record(picture);
        short[] pcm = new short[samplesPerFrame * 2];
        for (int s = 0; s < samplesPerFrame; s++, sample++) {
          pcm[2 * s] = tone(c.audioHz(), sample, 0);
          pcm[2 * s + 1] = tone(c.audioHz(), sample, 1);
        }
        r.recordSamples(48000, 2, ShortBuffer.wrap(pcm));
      }
      r.stop();
    } catch (FFmpegFrameRecorder.Exception e) {
      Files.deleteIfExists(tmp);
      throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** A note of a small tune: the clip's tone, a fifth and an octave, a second each, soft edges. */
  static short tone(int hz, long sample, int channel) {
    double t = sample / 48000.0;
    int step = (int) t % 4;
    double f = hz * new double[] {1, 1.5, 2, 1.25}[step];
    double inNote = t - Math.floor(t);
    double envelope = Math.min(1, Math.min(inNote * 20, (1 - inNote) * 20));
    double pan = channel == 0 ? 0.8 : 1.0;
    return (short) (9000 * envelope * pan * Math.sin(2 * Math.PI * f * t));
  }

  /** Frame {@code i}: a colour field drifting with time, a bouncing square, a sweeping bar. */
  static void paint(Frame picture, Clip c, int i) {
    ByteBuffer bgr = (ByteBuffer) picture.image[0];
    int stride = picture.imageStride;
    int w = c.width();
    int h = c.height();
    int side = h / 5;
    int period = 2 * c.fps();
    double phase = (i % period) / (double) period;
    int sx = (int) (Math.abs(2 * phase - 1) * (w - side));
    int sy = (int) ((0.5 + 0.4 * Math.sin(2 * Math.PI * i / (3.0 * c.fps()))) * (h - side));
    int bar = (int) ((i * 7L) % w);
    for (int y = 0; y < h; y++) {
      int row = y * stride;
      for (int x = 0; x < w; x++) {
        int o = row + 3 * x;
        int b = (x * 255 / w + i * 2) & 0xff;
        int g = (y * 255 / h + i) & 0xff;
        int r = ((x + y) * 128 / (w + h) + 64) & 0xff;
        if (x >= sx && x < sx + side && y >= sy && y < sy + side) {
          b = 250;
          g = 250;
          r = 250;
        } else if (Math.abs(x - bar) < 3) {
          b = 0;
          g = 0;
          r = 0;
        }
        bgr.put(o, (byte) b);
        bgr.put(o + 1, (byte) g);
        bgr.put(o + 2, (byte) r);
      }
    }
  }
}
