package dev.whirlwind.protocol.content;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/** A BitTorrent v1 info-hash: SHA-1 of the bencoded info dictionary, 20 bytes. */
public final class InfoHash {
  private final byte[] bytes;
  // The bytes again as numbers: equality without touching the array, which matters on a
  // tracker's announce path where every lookup compares a key.
  private final long first;
  private final long second;
  private final int last;
  private final int hash;

  private InfoHash(byte[] bytes) {
    this.bytes = bytes;
    ByteBuffer b = ByteBuffer.wrap(bytes);
    this.first = b.getLong();
    this.second = b.getLong();
    this.last = b.getInt();
    this.hash = Arrays.hashCode(bytes);
  }

  public static InfoHash of(byte[] bytes) {
    if (bytes == null || bytes.length != 20) {
      throw new IllegalArgumentException(
          "an info-hash has 20 bytes, got " + (bytes == null ? "none" : bytes.length));
    }
    return new InfoHash(bytes.clone());
  }

  public static InfoHash ofHex(String hex) {
    return of(HexFormat.of().parseHex(hex));
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** Writes the 20 bytes into {@code out} at {@code offset} without copying them first. */
  public void copyTo(byte[] out, int offset) {
    System.arraycopy(bytes, 0, out, offset, 20);
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InfoHash other
        && other.first == first
        && other.second == second
        && other.last == last;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return hex();
  }
}
