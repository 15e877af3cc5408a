package dev.whirlwind.cache.serve;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the client connections served at once. A connection over the cap is answered with a complete
 * {@code 503} and closed before any request is read: the client gets a reason and a {@code
 * Retry-After} instead of a reset, and the connections already served keep their share of the node.
 */
public final class ConnectionLimit {
  private static final String BODY =
      "{\"error\":\"too_many_connections\",\"message\":\"this node serves its maximum\"}\n";
  private static final byte[] FULL =
      ("HTTP/1.1 503 Service Unavailable\r\n"
              + "Content-Type: application/json\r\n"
              + "Retry-After: 1\r\n"
              + "Connection: close\r\n"
              + "Content-Length: "
              + BODY.length()
              + "\r\n\r\n"
              + BODY)
          .getBytes(StandardCharsets.US_ASCII);

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final Runnable onRefused;

  public ConnectionLimit(int max, Runnable onRefused) {
    this.max = max;
    this.onRefused = onRefused;
  }

  /**
   * Admits a freshly accepted connection, counting it until it closes; or answers 503, closes it
   * and returns false.
   */
  public boolean admit(Channel ch) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      onRefused.run();
      ch.config().setAutoRead(false);
      ch.writeAndFlush(Unpooled.wrappedBuffer(FULL)).addListener(ChannelFutureListener.CLOSE);
      return false;
    }
    ch.closeFuture().addListener(f -> open.decrementAndGet());
    return true;
  }

  public int open() {
    return open.get();
  }
}
