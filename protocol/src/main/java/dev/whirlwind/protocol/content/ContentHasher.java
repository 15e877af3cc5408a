package dev.whirlwind.protocol.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Hashes a content in one pass: its SHA-256 (the content id) and the SHA-1 of every piece (the
 * torrent's {@code pieces}), with the canonical piece length for its size.
 */
public final class ContentHasher {
  /** What one pass over the bytes yields. */
  public record Digest(ContentId contentId, long length, byte[] pieces) {
    public TorrentInfo torrentInfo(String extension) {
      return new TorrentInfo(contentId, extension, length, pieces);
    }
  }

  private ContentHasher() {}

  /**
   * Hashes bytes as they arrive, for writers that never hold the whole content: uploads and
   * downloads feed it chunk by chunk and call {@link #finish()} at the end.
   */
  public static final class Streaming {
    private final MessageDigest sha256 = digest("SHA-256");
    private final MessageDigest sha1 = digest("SHA-1");
    private final long length;
    private final int pieceLength;
    private final byte[] pieces;
    private long total;
    private long inPiece;
    private int piece;

    public Streaming(long length) {
      this.length = length;
      this.pieceLength = TorrentInfo.pieceLength(length);
      this.pieces = new byte[Math.toIntExact(TorrentInfo.pieceCount(length) * 20)];
    }

    public void update(java.nio.ByteBuffer data) throws IOException {
      int n = data.remaining();
      if (total + n > length) {
        throw new IOException("content is longer than the expected " + length + " bytes");
      }
      sha256.update(data.duplicate());
      while (data.hasRemaining()) {
        int take = (int) Math.min(data.remaining(), pieceLength - inPiece);
        java.nio.ByteBuffer slice = data.slice(data.position(), take);
        sha1.update(slice);
        data.position(data.position() + take);
        inPiece += take;
        if (inPiece == pieceLength) {
          finishPiece(sha1, pieces, piece++);
          inPiece = 0;
        }
      }
      total += n;
    }

    public long received() {
      return total;
    }

    public Digest finish() throws IOException {
      if (total != length) {
        throw new IOException("content ended after " + total + " of " + length + " bytes");
      }
      if (inPiece > 0) {
        finishPiece(sha1, pieces, piece);
      }
      return new Digest(ContentId.of(sha256.digest()), length, pieces);
    }
  }

  public static Digest hash(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return hash(in, Files.size(file));
    }
  }

  /**
   * @param length the number of bytes {@code in} yields; fewer or more is an error
   */
  public static Digest hash(InputStream in, long length) throws IOException {
    MessageDigest sha256 = digest("SHA-256");
    MessageDigest sha1 = digest("SHA-1");
    int pieceLength = TorrentInfo.pieceLength(length);
    long pieceCount = TorrentInfo.pieceCount(length);
    byte[] pieces = new byte[Math.toIntExact(pieceCount * 20)];
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    long inPiece = 0;
    int piece = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      sha256.update(buffer, 0, n);
      int off = 0;
      while (off < n) {
        int take = (int) Math.min(n - off, pieceLength - inPiece);
        sha1.update(buffer, off, take);
        off += take;
        inPiece += take;
        if (inPiece == pieceLength) {
          finishPiece(sha1, pieces, piece++);
          inPiece = 0;
        }
      }
      total += n;
      if (total > length) {
        throw new IOException("content is longer than the expected " + length + " bytes");
      }
    }
    if (total != length) {
      throw new IOException("content ended after " + total + " of " + length + " bytes");
    }
    if (inPiece > 0) {
      finishPiece(sha1, pieces, piece);
    }
    return new Digest(ContentId.of(sha256.digest()), length, pieces);
  }

  private static void finishPiece(MessageDigest sha1, byte[] pieces, int index) {
    System.arraycopy(sha1.digest(), 0, pieces, index * 20, 20);
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
