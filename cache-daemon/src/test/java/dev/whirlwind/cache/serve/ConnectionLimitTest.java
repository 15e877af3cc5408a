package dev.whirlwind.cache.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whirlwind.cache.CacheDaemon;
import dev.whirlwind.cache.CacheTestConfigs;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections over maxConnections get a 503 with a reason; a freed slot admits the next one. */
class ConnectionLimitTest {
  @TempDir Path data;
  private CacheDaemon cache;
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    if (cache != null) {
      cache.close();
    }
  }

  /** Opens a keep-alive connection and proves it is served: a full /healthz exchange. */
  private String exchange(Socket s) throws Exception {
    s.getOutputStream()
        .write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    String head = readHead(s.getInputStream());
    int length = Integer.parseInt(head.replaceAll("(?si).*content-length: (\\d+).*", "$1"));
    s.getInputStream().readNBytes(length);
    return head;
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      sb.append((char) c);
      if (sb.toString().endsWith("\r\n\r\n")) {
        break;
      }
    }
    return sb.toString();
  }

  private Socket connect() throws Exception {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", cache.address().getPort()), 5000);
    s.setSoTimeout(5000);
    sockets.add(s);
    return s;
  }

  @Test
  void aConnectionOverTheLimitIsAnswered503AndAFreedSlotIsReused() throws Exception {
    cache =
        CacheDaemon.start(
            CacheTestConfigs.withMaxConnections(
                CacheTestConfigs.cache(
                    data, "epoll", data.resolve("none").toString(), 0, List.of()),
                2));
    Socket first = connect();
    Socket second = connect();
    assertThat(exchange(first)).startsWith("HTTP/1.1 200");
    assertThat(exchange(second)).startsWith("HTTP/1.1 200");

    Socket third = connect();
    byte[] refused = third.getInputStream().readAllBytes();
    String text = new String(refused, StandardCharsets.US_ASCII);
    assertThat(text).startsWith("HTTP/1.1 503").contains("Retry-After: 1");
    assertThat(text).contains("\"error\":\"too_many_connections\"");
    int length = Integer.parseInt(text.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
    assertThat(text.substring(text.indexOf("\r\n\r\n") + 4)).hasSize(length);

    // The admitted connections are unaffected.
    assertThat(exchange(first)).startsWith("HTTP/1.1 200");
    first.close();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              Socket next = connect();
              assertThat(exchange(next)).startsWith("HTTP/1.1 200");
            });
  }
}
