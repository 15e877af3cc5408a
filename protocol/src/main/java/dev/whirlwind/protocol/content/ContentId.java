package dev.whirlwind.protocol.content;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content's canonical id: the lowercase hex SHA-256 of its bytes. */
public record ContentId(String hex) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public ContentId {
    if (hex == null || !HEX64.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "a content id is 64 lowercase hex digits (SHA-256), got '" + hex + "'");
    }
  }

  public static ContentId of(byte[] sha256) {
    if (sha256.length != 32) {
      throw new IllegalArgumentException("SHA-256 has 32 bytes, got " + sha256.length);
    }
    return new ContentId(HexFormat.of().formatHex(sha256));
  }

  public static boolean isValid(String hex) {
    return hex != null && HEX64.matcher(hex).matches();
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
