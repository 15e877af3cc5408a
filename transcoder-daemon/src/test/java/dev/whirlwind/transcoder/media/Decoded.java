package dev.whirlwind.transcoder.media;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * An output checked the way a player meets it: every frame decoded, the video packets' bytes summed
 * for the real bitrate.
 */
public record Decoded(
    String videoCodec,
    int width,
    int height,
    int frames,
    double seconds,
    long videoBytes,
    String audioCodec,
    int audioChannels,
    long audioBytes) {

  double videoBytesPerSecond() {
    return videoBytes / seconds;
  }

  public static Decoded of(Path file) throws Exception {
    String codec;
    int width;
    int height;
    String audio;
    int channels;
    long videoBytes = 0;
    long audioBytes = 0;
    double seconds;
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.start();
      // The codec, not the decoder FFmpeg picked for it (libaom-av1 decodes av1).
      codec = org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name(g.getVideoCodec()).getString();
      width = g.getImageWidth();
      height = g.getImageHeight();
      audio =
          g.hasAudio()
              ? org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name(g.getAudioCodec()).getString()
              : null;
      channels = g.getAudioChannels();
      seconds = g.getLengthInTime() / 1e6;
      int video =
          g.getFormatContext().streams(0).codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO
              ? 0
              : 1;
      AVPacket p;
      while ((p = g.grabPacket()) != null) {
        if (p.stream_index() == video) {
          videoBytes += p.size();
        } else {
          audioBytes += p.size();
        }
      }
    }
    int frames = 0;
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      if ("av1".equals(codec)) {
        g.setVideoCodecName("libaom-av1"); // the native AV1 decoder needs a hardware device
      }
      g.start();
      Frame f;
      while ((f = g.grabImage()) != null) {
        if (f.image == null) {
          throw new AssertionError("frame " + frames + " did not decode");
        }
        frames++;
      }
    }
    return new Decoded(
        codec, width, height, frames, seconds, videoBytes, audio, channels, audioBytes);
  }
}
