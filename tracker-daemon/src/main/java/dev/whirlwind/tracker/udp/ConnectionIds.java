package dev.whirlwind.tracker.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * BEP 15 connection ids without per-client state: the first 8 bytes of HMAC-SHA256(secret, address
 * || port || two-minute bucket). An id is accepted during its bucket and the next, so it lives two
 * to four minutes; only a client that received it at its address can present it, which is what
 * keeps the UDP tracker from being a reflection amplifier. The secret is kept in the state
 * directory so that ids survive a restart.
 */
public final class ConnectionIds {
  static final long BUCKET_MILLIS = 120_000;
  static final String SECRET_FILE = "udp-connection-secret";

  private final SecretKeySpec key;
  private final Clock clock;
  private final ThreadLocal<Mac> macs;

  private final ThreadLocal<RecentIds> recentIds = ThreadLocal.withInitial(RecentIds::new);

  /** A small direct-mapped cache of (IP, bucket) -> id; a collision just recomputes. */
  private static final class RecentIds {
    private static final int SLOTS = 4096;
    private final byte[][] ips = new byte[SLOTS][];
    private final long[] buckets = new long[SLOTS];
    private final long[] ids = new long[SLOTS];

    private static int slot(byte[] ip, long bucket) {
      return (java.util.Arrays.hashCode(ip) * 31 + Long.hashCode(bucket)) & (SLOTS - 1);
    }

    long lookup(byte[] ip, long bucket) {
      int s = slot(ip, bucket);
      return buckets[s] == bucket && java.util.Arrays.equals(ips[s], ip) ? ids[s] : 0;
    }

    void remember(byte[] ip, long bucket, long id) {
      int s = slot(ip, bucket);
      ips[s] = ip;
      buckets[s] = bucket;
      ids[s] = id;
    }
  }

  public ConnectionIds(byte[] secret, Clock clock) {
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.clock = clock;
    this.macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  /** Reads the secret from {@code stateDir}, creating it (mode 0600) on first start. */
  public static byte[] loadOrCreateSecret(Path stateDir) throws IOException {
    Path file = stateDir.resolve(SECRET_FILE);
    if (Files.exists(file)) {
      byte[] secret = Files.readAllBytes(file);
      if (secret.length >= 32) {
        return secret;
      }
    }
    Files.createDirectories(stateDir);
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Path tmp = Files.createTempFile(stateDir, SECRET_FILE, ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the directory's permissions are all there is.
      }
      Files.write(tmp, secret);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return Files.readAllBytes(file);
  }

  public long issue(InetSocketAddress client) {
    return compute(client, clock.millis() / BUCKET_MILLIS);
  }

  public boolean isValid(long connectionId, InetSocketAddress client) {
    long bucket = clock.millis() / BUCKET_MILLIS;
    return connectionId == compute(client, bucket) || connectionId == compute(client, bucket - 1);
  }

  private long compute(InetSocketAddress client, long bucket) {
    byte[] ip = client.getAddress().getAddress();
    // Busy clients announce many times per bucket: remember the last ids computed on this thread.
    RecentIds recent = recentIds.get();
    long cached = recent.lookup(ip, bucket);
    if (cached != 0) {
      return cached;
    }
    long id = hmac(ip, bucket);
    recent.remember(ip, bucket, id);
    return id;
  }

  private long hmac(byte[] ip, long bucket) {
    ByteBuffer input = ByteBuffer.allocate(ip.length + 8);
    input.put(ip).putLong(bucket);
    byte[] mac = macs.get().doFinal(input.array());
    return ByteBuffer.wrap(mac, 0, 8).getLong();
  }
}
