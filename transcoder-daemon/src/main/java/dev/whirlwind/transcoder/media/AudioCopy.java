package dev.whirlwind.transcoder.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_query_codec;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_compare_ts;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Audio {@code copy}: the source's audio packets go into the rendition untouched, next to the
 * transcoded picture. JavaCV's recorder either encodes every stream or remuxes every stream, so
 * this is a second pass over FFmpeg's own API: the picture from the first pass's file, the audio
 * straight from the source (streamed again), interleaved by decode time and muxed with the
 * profile's container flags.
 */
final class AudioCopy {
  private AudioCopy() {}

  /** Whether MP4 (and so the fragmented MP4 of HLS) can carry the audio codec. */
  static boolean mp4Carries(int codecId) {
    AVOutputFormat mp4 = avformat.av_guess_format("mp4", null, null);
    return avformat_query_codec(mp4, codecId, 0) == 1;
  }

  /**
   * Muxes the video of {@code picture} and the audio of {@code source} into {@code out}.
   *
   * @param sourceOptions FFmpeg input options for the source (network settings)
   */
  static void remux(
      Path picture, String source, Map<String, String> sourceOptions, Path out, String movflags)
      throws TranscodeFailure {
    AVFormatContext vin = new AVFormatContext(null);
    AVFormatContext ain = new AVFormatContext(null);
    AVFormatContext mux = new AVFormatContext(null);
    AVPacket vp = av_packet_alloc();
    AVPacket ap = av_packet_alloc();
    AVDictionary inOpts = new AVDictionary(null);
    AVDictionary muxOpts = new AVDictionary(null);
    try {
      check(avformat_open_input(vin, picture.toString(), null, null), "open the picture");
      check(avformat_find_stream_info(vin, (PointerPointer<?>) null), "read the picture");
      sourceOptions.forEach((k, v) -> av_dict_set(inOpts, k, v, 0));
      if (avformat_open_input(ain, source, null, inOpts) < 0
          || avformat_find_stream_info(ain, (PointerPointer<?>) null) < 0) {
        throw new TranscodeFailure(
            TranscodeFailure.Reason.SOURCE_UNREADABLE,
            "cannot read the source again for its audio");
      }
      int vIdx = av_find_best_stream(vin, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
      int aIdx = av_find_best_stream(ain, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
      check(vIdx, "find the picture's stream");
      check(avformat_alloc_output_context2(mux, null, "mp4", out.toString()), "create the output");
      AVStream vIn = vin.streams(vIdx);
      AVStream vOut = copyStream(mux, vIn);
      AVStream aIn = aIdx >= 0 ? ain.streams(aIdx) : null;
      AVStream aOut = aIn == null ? null : copyStream(mux, aIn);
      AVIOContext pb = new AVIOContext(null);
      check(avio_open(pb, out.toString(), avformat.AVIO_FLAG_WRITE), "open the output");
      mux.pb(pb);
      av_dict_set(muxOpts, "movflags", movflags, 0);
      check(avformat_write_header(mux, muxOpts), "write the output's header");
      boolean vHave = next(vin, vIdx, vp);
      boolean aHave = aIn != null && next(ain, aIdx, ap);
      while (vHave || aHave) {
        boolean video =
            vHave
                && (!aHave
                    || av_compare_ts(vp.dts(), vIn.time_base(), ap.dts(), aIn.time_base()) <= 0);
        if (video) {
          write(mux, vp, vIn, vOut);
          vHave = next(vin, vIdx, vp);
        } else {
          write(mux, ap, aIn, aOut);
          aHave = next(ain, aIdx, ap);
        }
      }
      check(av_write_trailer(mux), "finish the output");
    } finally {
      av_packet_free(vp);
      av_packet_free(ap);
      av_dict_free(inOpts);
      av_dict_free(muxOpts);
      avformat_close_input(vin);
      avformat_close_input(ain);
      if (!mux.isNull()) {
        if (mux.pb() != null && !mux.pb().isNull()) {
          avio_closep(mux.pb());
        }
        avformat_free_context(mux);
      }
    }
  }

  private static AVStream copyStream(AVFormatContext mux, AVStream in) throws TranscodeFailure {
    AVStream s = avformat_new_stream(mux, null);
    check(avcodec_parameters_copy(s.codecpar(), in.codecpar()), "copy stream parameters");
    s.codecpar().codec_tag(0); // let the MP4 muxer pick its own tag
    s.time_base(in.time_base());
    return s;
  }

  /** The next packet of stream {@code index}, or false at the end. */
  private static boolean next(AVFormatContext in, int index, AVPacket pkt) {
    av_packet_unref(pkt);
    while (av_read_frame(in, pkt) >= 0) {
      if (pkt.stream_index() == index) {
        return true;
      }
      av_packet_unref(pkt);
    }
    return false;
  }

  private static void write(AVFormatContext mux, AVPacket pkt, AVStream in, AVStream out)
      throws TranscodeFailure {
    av_packet_rescale_ts(pkt, in.time_base(), out.time_base());
    pkt.stream_index(out.index());
    pkt.pos(-1);
    check(av_interleaved_write_frame(mux, pkt), "write a packet");
  }

  private static void check(int ret, String what) throws TranscodeFailure {
    if (ret < 0) {
      byte[] buf = new byte[256];
      org.bytedeco.ffmpeg.global.avutil.av_strerror(ret, buf, buf.length);
      String msg =
          new String(buf, java.nio.charset.StandardCharsets.UTF_8).trim().replace("\0", "");
      throw new TranscodeFailure(
          TranscodeFailure.Reason.ENCODER_FAILED, "audio copy: cannot " + what + ": " + msg);
    }
  }
}
