package dev.whirlwind.transcoder.media;

import dev.whirlwind.protocol.transcode.HlsIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fragment index of a single-file fragmented MP4 (see {@link HlsIndex}): the
 * initialization section ({@code ftyp} + {@code moov}) and each fragment ({@code moof} + {@code
 * mdat}) with its byte range and duration, the durations from the video track's {@code tfdt} decode
 * times.
 */
public final class Fmp4Index {
  private Fmp4Index() {}

  /**
   * Reads the index of {@code file}.
   *
   * @param totalSeconds the video's duration, which closes the last fragment
   */
  public static HlsIndex read(Path file, double totalSeconds) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long initEnd = -1;
      int videoTrack = -1;
      long timescale = 0;
      List<long[]> frags = new ArrayList<>(); // offset, length, video tfdt
      long pos = 0;
      long[] open = null;
      while (pos + 8 <= size) {
        ByteBuffer head = read(ch, pos, 16 <= size - pos ? 16 : 8);
        long boxSize = head.getInt(0) & 0xffffffffL;
        String type = new String(head.array(), 4, 4, StandardCharsets.ISO_8859_1);
        int header = 8;
        if (boxSize == 1) {
          boxSize = head.getLong(8);
          header = 16;
        } else if (boxSize == 0) {
          boxSize = size - pos;
        }
        if (boxSize < header || pos + boxSize > size) {
          throw new IOException("broken box " + type + " at " + pos);
        }
        switch (type) {
          case "moov" -> {
            initEnd = pos + boxSize;
            long[] track = videoTrack(read(ch, pos + header, (int) (boxSize - header)));
            videoTrack = (int) track[0];
            timescale = track[1];
          }
          case "moof" -> {
            long tfdt =
                videoDecodeTime(read(ch, pos + header, (int) (boxSize - header)), videoTrack);
            open = new long[] {pos, 0, tfdt};
          }
          case "mdat" -> {
            if (open != null) {
              open[1] = pos + boxSize - open[0];
              frags.add(open);
              open = null;
            }
          }
          default -> {
            // ftyp, sidx, mfra and the like: not part of a fragment's range.
          }
        }
        pos += boxSize;
      }
      if (initEnd < 0 || videoTrack < 0 || timescale <= 0) {
        throw new IOException("not a fragmented MP4 with a video track");
      }
      List<HlsIndex.Fragment> out = new ArrayList<>();
      for (int i = 0; i < frags.size(); i++) {
        long[] f = frags.get(i);
        double start = (double) f[2] / timescale;
        double end = i + 1 < frags.size() ? (double) frags.get(i + 1)[2] / timescale : totalSeconds;
        out.add(new HlsIndex.Fragment(f[0], f[1], Math.max(0, end - start)));
      }
      return new HlsIndex(initEnd, List.copyOf(out));
    }
  }

  private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        throw new IOException("file ends inside a box");
      }
    }
    return b.flip();
  }

  /** Children of a container box's payload: [type, start, end] triples relative to the buffer. */
  private static List<Object[]> children(ByteBuffer b, int from, int to) {
    List<Object[]> out = new ArrayList<>();
    int pos = from;
    while (pos + 8 <= to) {
      long size = b.getInt(pos) & 0xffffffffL;
      String type =
          new String(
              new byte[] {b.get(pos + 4), b.get(pos + 5), b.get(pos + 6), b.get(pos + 7)},
              StandardCharsets.ISO_8859_1);
      int header = 8;
      if (size == 1) {
        size = b.getLong(pos + 8);
        header = 16;
      } else if (size == 0) {
        size = to - pos;
      }
      if (size < header || pos + size > to) {
        break;
      }
      out.add(new Object[] {type, pos + header, (int) (pos + size)});
      pos += (int) size;
    }
    return out;
  }

  private static Object[] child(ByteBuffer b, int from, int to, String type) {
    for (Object[] c : children(b, from, to)) {
      if (c[0].equals(type)) {
        return c;
      }
    }
    return null;
  }

  /** [track id, timescale] of the moov's video track, or [-1, 0]. */
  private static long[] videoTrack(ByteBuffer moov) {
    for (Object[] trak : children(moov, 0, moov.limit())) {
      if (!trak[0].equals("trak")) {
        continue;
      }
      int ts = (int) trak[1];
      int te = (int) trak[2];
      Object[] tkhd = child(moov, ts, te, "tkhd");
      Object[] mdia = child(moov, ts, te, "mdia");
      if (tkhd == null || mdia == null) {
        continue;
      }
      Object[] hdlr = child(moov, (int) mdia[1], (int) mdia[2], "hdlr");
      Object[] mdhd = child(moov, (int) mdia[1], (int) mdia[2], "mdhd");
      if (hdlr == null || mdhd == null) {
        continue;
      }
      int h = (int) hdlr[1];
      String handler =
          new String(
              new byte[] {moov.get(h + 8), moov.get(h + 9), moov.get(h + 10), moov.get(h + 11)},
              StandardCharsets.ISO_8859_1);
      if (!handler.equals("vide")) {
        continue;
      }
      int k = (int) tkhd[1];
      int trackId = moov.get(k) == 1 ? moov.getInt(k + 4 + 16) : moov.getInt(k + 4 + 8);
      int m = (int) mdhd[1];
      long timescale =
          (moov.get(m) == 1 ? moov.getInt(m + 4 + 16) : moov.getInt(m + 4 + 8)) & 0xffffffffL;
      return new long[] {trackId, timescale};
    }
    return new long[] {-1, 0};
  }

  /** The video track's baseMediaDecodeTime in a moof payload. */
  private static long videoDecodeTime(ByteBuffer moof, int videoTrack) throws IOException {
    for (Object[] traf : children(moof, 0, moof.limit())) {
      if (!traf[0].equals("traf")) {
        continue;
      }
      Object[] tfhd = child(moof, (int) traf[1], (int) traf[2], "tfhd");
      Object[] tfdt = child(moof, (int) traf[1], (int) traf[2], "tfdt");
      if (tfhd == null || tfdt == null || moof.getInt((int) tfhd[1] + 4) != videoTrack) {
        continue;
      }
      int t = (int) tfdt[1];
      return moof.get(t) == 1 ? moof.getLong(t + 4) : moof.getInt(t + 4) & 0xffffffffL;
    }
    throw new IOException("a fragment without a video decode time");
  }
}
