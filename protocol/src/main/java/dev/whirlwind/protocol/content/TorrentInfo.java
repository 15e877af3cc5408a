package dev.whirlwind.protocol.content;

import dev.whirlwind.protocol.bencode.Bencode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The canonical v1 info dictionary of a content. Everyone who builds it gets the same bytes and so
 * the same info-hash, or swarms would split: exactly the keys {@code length}, {@code name} = {@code
 * <contentId>.<ext>}, {@code piece length} and {@code pieces}, nothing else.
 */
public record TorrentInfo(ContentId contentId, String extension, long length, byte[] pieces) {
  public static final int MIN_PIECE_LENGTH = 256 * 1024;
  public static final int MAX_PIECE_LENGTH = 4 * 1024 * 1024;

  /** Pieces are sized so that a content has about this many of them. */
  public static final int TARGET_PIECES = 2048;

  public TorrentInfo {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, got " + length);
    }
    if (extension == null || !extension.matches("[a-z0-9]{1,8}")) {
      throw new IllegalArgumentException("extension must be 1-8 of [a-z0-9], got " + extension);
    }
    long expected = pieceCount(length) * 20L;
    if (pieces == null || pieces.length != expected) {
      throw new IllegalArgumentException(
          "pieces must hold "
              + expected
              + " bytes (20 per piece) for length "
              + length
              + ", got "
              + (pieces == null ? "none" : pieces.length));
    }
  }

  /**
   * {@code max(256 KiB, min(4 MiB, the next power of two >= ceil(length / 2048)))}.
   *
   * @param length content size in bytes
   * @return piece length in bytes
   */
  public static int pieceLength(long length) {
    long target = (length + TARGET_PIECES - 1) / TARGET_PIECES;
    long pow2 = target <= 1 ? 1 : Long.highestOneBit(target - 1) << 1;
    return (int) Math.max(MIN_PIECE_LENGTH, Math.min(MAX_PIECE_LENGTH, pow2));
  }

  public static long pieceCount(long length) {
    int p = pieceLength(length);
    return (length + p - 1) / p;
  }

  public String name() {
    return contentId.hex() + "." + extension;
  }

  public int pieceLength() {
    return pieceLength(length);
  }

  /** The info dictionary as a map, ready for bencoding. */
  public Map<String, Object> dictionary() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("length", length);
    info.put("name", name());
    info.put("piece length", (long) pieceLength());
    info.put("pieces", pieces);
    return info;
  }

  public byte[] encoded() {
    return Bencode.encode(dictionary());
  }

  public InfoHash infoHash() {
    try {
      return InfoHash.of(MessageDigest.getInstance("SHA-1").digest(encoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The 20-byte SHA-1 of piece {@code index}. */
  public byte[] pieceHash(int index) {
    byte[] h = new byte[20];
    System.arraycopy(pieces, index * 20, h, 0, 20);
    return h;
  }
}
