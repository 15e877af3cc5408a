package dev.whirlwind.cache.serve;

import dev.whirlwind.protocol.content.ContentId;
import java.net.SocketAddress;

/**
 * One line per response through logback's asynchronous appender ({@code access}), so no event loop
 * writes it; under overload lines are dropped, never requests.
 */
final class AccessLog {
  private static final org.slf4j.Logger ACCESS = org.slf4j.LoggerFactory.getLogger("access");

  private AccessLog() {}

  /**
   * @param sent bytes the socket took
   * @param planned bytes the answer was to have
   */
  static void served(
      ContentId id,
      int status,
      String range,
      long sent,
      long planned,
      long startedNanos,
      SocketAddress client) {
    ACCESS
        .atInfo()
        .addKeyValue("content", id.hex())
        .addKeyValue("status", status)
        .addKeyValue("range", range == null ? "-" : range)
        .addKeyValue("bytes", sent)
        .addKeyValue("complete", sent == planned)
        .addKeyValue("millis", (System.nanoTime() - startedNanos) / 1_000_000)
        .addKeyValue("client", String.valueOf(client))
        .log("served");
  }
}
