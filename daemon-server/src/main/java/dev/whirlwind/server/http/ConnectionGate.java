package dev.whirlwind.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits accepted connections under a global cap and a cap per client address. Past either cap, a
 * few reserved connections are still admitted for the ops endpoints only, so a probe sees a full
 * daemon as full, not dead; past those, the connection gets a complete {@code 503} with {@code
 * Retry-After} and is closed before anything is read. The per-address table holds only addresses
 * with open connections, so it is bounded by the caps.
 */
public final class ConnectionGate {
  /** What a fresh connection may do. */
  public enum Admission {
    CLIENT,
    OPS_ONLY,
    REFUSED
  }

  private final int max;
  private final int maxPerAddress;
  private final int reserved;
  private final SurfaceCounters counters;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger opsOnly = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

  public ConnectionGate(int max, int maxPerAddress, int reserved, SurfaceCounters counters) {
    this.max = max;
    this.maxPerAddress = maxPerAddress;
    this.reserved = reserved;
    this.counters = counters;
  }

  public Admission admit(Channel ch) {
    InetAddress address = addressOf(ch.remoteAddress());
    boolean full = open.incrementAndGet() > max;
    boolean addressFull = !full && address != null && take(address) > maxPerAddress;
    if (!full && !addressFull) {
      ch.closeFuture()
          .addListener(
              f -> {
                if (address != null) {
                  release(address);
                }
                open.decrementAndGet();
              });
      return Admission.CLIENT;
    }
    if (addressFull) {
      release(address);
    }
    open.decrementAndGet();
    if (opsOnly.incrementAndGet() <= reserved) {
      counters.opsOnlyAdmitted.increment();
      ch.closeFuture().addListener(f -> opsOnly.decrementAndGet());
      return Admission.OPS_ONLY;
    }
    opsOnly.decrementAndGet();
    (addressFull ? counters.refusedPerAddress : counters.refusedFull).increment();
    refuse(
        ch,
        addressFull
            ? "this address holds " + maxPerAddress + " connections, the most one address may"
            : "this daemon serves its maximum of " + max + " connections");
    return Admission.REFUSED;
  }

  /** Counts one more connection of {@code address}; compute keeps each key's count atomic. */
  private int take(InetAddress address) {
    return perAddress.merge(address, 1, Integer::sum);
  }

  private void release(InetAddress address) {
    perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }

  public int open() {
    return open.get();
  }

  /** Addresses with open connections now: what the per-address table holds. */
  public int addresses() {
    return perAddress.size();
  }

  private static InetAddress addressOf(SocketAddress remote) {
    return remote instanceof InetSocketAddress i ? i.getAddress() : null;
  }

  private static void refuse(Channel ch, String detail) {
    byte[] body = Answers.errorBody("too_many_connections", detail);
    byte[] head =
        ("HTTP/1.1 503 Service Unavailable\r\n"
                + "Content-Type: application/json\r\n"
                + "Retry-After: 1\r\n"
                + "Connection: close\r\n"
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    ch.config().setAutoRead(false);
    LingeringClose.after(ch.writeAndFlush(Unpooled.wrappedBuffer(head, body)));
  }
}
