package dev.whirlwind.protocol.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The quick probe hash that suggests two URLs serve the same content before either is downloaded
 * whole: {@code SHA-256(size || SHA-256(first MiB) || SHA-256(MiB at floor((size - 1 MiB) / 2)) ||
 * SHA-256(last MiB))}, with {@code size} as 8 bytes big-endian; a content under 3 MiB is hashed
 * whole: {@code SHA-256(size || SHA-256(content))}. It only suggests; the full SHA-256 confirms.
 */
public final class ProbeHash {
  public static final int CHUNK = 1024 * 1024;
  public static final long WHOLE_BELOW = 3L * CHUNK;

  private ProbeHash() {}

  /** The byte ranges, as {@code [offset, length]} pairs, a prober must fetch. */
  public static long[][] ranges(long size) {
    if (size < WHOLE_BELOW) {
      return new long[][] {{0, size}};
    }
    return new long[][] {{0, CHUNK}, {(size - CHUNK) / 2, CHUNK}, {size - CHUNK, CHUNK}};
  }

  /**
   * @param chunks the bytes of {@link #ranges(long)}, in order
   */
  public static String of(long size, byte[]... chunks) {
    long[][] ranges = ranges(size);
    if (chunks.length != ranges.length) {
      throw new IllegalArgumentException(
          "expected " + ranges.length + " chunks for size " + size + ", got " + chunks.length);
    }
    MessageDigest outer = ContentHasher.digest("SHA-256");
    outer.update(ByteBuffer.allocate(8).putLong(size).array());
    for (int i = 0; i < chunks.length; i++) {
      if (chunks[i].length != ranges[i][1]) {
        throw new IllegalArgumentException(
            "chunk " + i + " must hold " + ranges[i][1] + " bytes, got " + chunks[i].length);
      }
      outer.update(ContentHasher.digest("SHA-256").digest(chunks[i]));
    }
    return HexFormat.of().formatHex(outer.digest());
  }

  public static String of(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long[][] ranges = ranges(size);
      byte[][] chunks = new byte[ranges.length][];
      for (int i = 0; i < ranges.length; i++) {
        ByteBuffer buf = ByteBuffer.allocate((int) ranges[i][1]);
        long at = ranges[i][0];
        while (buf.hasRemaining()) {
          int n = ch.read(buf, at + buf.position());
          if (n < 0) {
            throw new IOException(file + " shrank while it was probed");
          }
        }
        chunks[i] = buf.array();
      }
      return of(size, chunks);
    }
  }
}
