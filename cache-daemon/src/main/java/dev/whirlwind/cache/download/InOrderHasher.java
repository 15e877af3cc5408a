package dev.whirlwind.cache.download;

import dev.whirlwind.protocol.content.ContentHasher;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.content.TorrentInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Hashes a download's pieces while they are still arriving, so that the whole SHA-256 is ready
 * almost as soon as the last byte lands instead of taking a second pass over the file. The workers
 * that fetch pieces compute their SHA-1s in parallel from memory ({@link #matches} and {@link
 * #setPieceHash}); the SHA-256 runs over the pieces in order ({@link #offer}, under the download's
 * hashing lock), computing the SHA-1 only of pieces fetched before a restart. When the expected
 * piece hashes are known a bad piece is refused before it spoils anything.
 */
final class InOrderHasher {
  private final MessageDigest sha256 = digest("SHA-256");
  private final MessageDigest sha1 = digest("SHA-1");
  private final long size;
  private final int pieceLength;
  private final int pieceCount;
  private final byte[] pieces;
  private final byte[] expected;
  private final java.util.BitSet known;
  private int next;

  /**
   * @param expectedPieces the concatenated SHA-1 piece hashes, or null when unknown
   */
  InOrderHasher(long size, byte[] expectedPieces) {
    this.size = size;
    this.pieceLength = TorrentInfo.pieceLength(size);
    this.pieceCount = (int) TorrentInfo.pieceCount(size);
    this.pieces = new byte[pieceCount * 20];
    if (expectedPieces != null && expectedPieces.length != pieces.length) {
      throw new IllegalArgumentException(
          "expected "
              + pieceCount
              + " piece hashes for "
              + size
              + " bytes, got "
              + expectedPieces.length / 20.0);
    }
    this.expected = expectedPieces;
    this.known = new java.util.BitSet(pieceCount);
  }

  /** Whether {@code sha1} is piece {@code piece}'s hash, or no hashes are known. */
  boolean matches(int piece, byte[] sha1) {
    return expected == null || Arrays.equals(sha1, 0, 20, expected, piece * 20, piece * 20 + 20);
  }

  /** Records the SHA-1 a worker computed for a piece it wrote. */
  synchronized void setPieceHash(int piece, byte[] sha1) {
    System.arraycopy(sha1, 0, pieces, piece * 20, 20);
    known.set(piece);
  }

  private synchronized boolean hasPieceHash(int piece) {
    return known.get(piece);
  }

  /** Pieces hashed so far: every piece below this one. */
  int next() {
    return next;
  }

  boolean complete() {
    return next == pieceCount;
  }

  /** Whether the hashed pieces were checked against known piece hashes. */
  boolean verifiesPieces() {
    return expected != null;
  }

  /** Bytes of the hashed prefix. */
  long hashedBytes() {
    return Math.min(size, (long) next * pieceLength);
  }

  long pieceOffset(int piece) {
    return (long) piece * pieceLength;
  }

  int pieceSize(int piece) {
    return (int) Math.min(pieceLength, size - (long) piece * pieceLength);
  }

  /**
   * Adds piece {@link #next()}, whose bytes are {@code data}, to the SHA-256.
   *
   * @return false, hashing nothing, when the piece does not match its expected hash
   */
  boolean offer(ByteBuffer data) {
    if (data.remaining() != pieceSize(next)) {
      throw new IllegalArgumentException(
          "piece " + next + " has " + data.remaining() + " bytes, expected " + pieceSize(next));
    }
    if (!hasPieceHash(next)) {
      sha1.update(data.duplicate());
      byte[] h = sha1.digest();
      if (!matches(next, h)) {
        return false;
      }
      setPieceHash(next, h);
    }
    sha256.update(data);
    next++;
    return true;
  }

  synchronized ContentHasher.Digest finish() throws IOException {
    if (!complete()) {
      throw new IOException("hashed " + next + " of " + pieceCount + " pieces");
    }
    return new ContentHasher.Digest(ContentId.of(sha256.digest()), size, pieces);
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
