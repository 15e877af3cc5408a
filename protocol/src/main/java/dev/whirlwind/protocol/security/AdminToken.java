package dev.whirlwind.protocol.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The admin API's bearer token, read from the file the operator mounts from the namespace's
 * admin-token Secret. Read lazily, so a daemon started before its Secret is mounted recovers.
 */
public final class AdminToken {
  private final Path file;
  private volatile byte[] token;

  public AdminToken(Path file) {
    this.file = file;
  }

  /** True when {@code authorization} is {@code Bearer <token>}; compared in constant time. */
  public boolean accepts(String authorization) {
    byte[] expected = token();
    if (expected == null || authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given);
  }

  /** The token, for a client that presents it to another daemon. */
  public java.util.Optional<String> value() {
    byte[] t = token();
    return t == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(new String(t, StandardCharsets.UTF_8));
  }

  /** Why no token is configured, for an answer that says what to fix. */
  public String missingDetail() {
    return "the admin API is disabled: no token in " + file + " (mount the admin-token Secret)";
  }

  public boolean configured() {
    return token() != null;
  }

  private byte[] token() {
    byte[] t = token;
    if (t == null) {
      try {
        String s = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!s.isEmpty()) {
          t = s.getBytes(StandardCharsets.UTF_8);
          token = t;
        }
      } catch (IOException e) {
        return null;
      }
    }
    return t;
  }
}
