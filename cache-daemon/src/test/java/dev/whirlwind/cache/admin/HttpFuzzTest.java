package dev.whirlwind.cache.admin;

import dev.whirlwind.cache.CacheDaemon;
import dev.whirlwind.cache.CacheTestConfigs;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.testing.Mutations;
import dev.whirlwind.protocol.testing.RawExchange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of request heads and admin bodies against a running cache, with a fixed budget:
 * every request gets a complete answer, an error is JSON {@code {"error","detail"}}, and none is a
 * 500.
 */
class HttpFuzzTest {
  static final String ID = "ab".repeat(32);
  @TempDir Path data;
  private CacheDaemon cache;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(data.resolve("token"), "tok");
    cache =
        CacheDaemon.start(
            CacheTestConfigs.cache(
                data.resolve("store"), "epoll", data.resolve("token").toString(), 0, List.of()));
    Path tmp = cache.store().newTempFile();
    Files.write(tmp, new byte[4096]);
    cache
        .store()
        .publish(
            tmp, new StoredContent(ID, 4096, "video/mp4", "mp4", "", null, List.of(), false, 1));
  }

  @AfterEach
  void stop() {
    cache.close();
  }

  private void check(byte[] request) throws Exception {
    RawExchange.assertAnswered(cache.address().getPort(), request);
  }

  @Test
  void mutatedRequestHeadsAreAllAnswered() throws Exception {
    Mutations m =
        new Mutations(
            11L,
            List.of(
                "GET /c/" + ID + " HTTP/1.1\r\nHost: t\r\nRange: bytes=0-10\r\n",
                "HEAD /c/" + ID + "/" + ID + ".mp4 HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"x\"\r\n",
                "GET /c/" + ID + ".m3u8 HTTP/1.1\r\nHost: t\r\n",
                "GET /healthz HTTP/1.1\r\nHost: t\r\n",
                "OPTIONS /c/" + ID + " HTTP/1.1\r\nHost: t\r\nOrigin: http://x\r\n",
                "GET /v1/contents HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer tok\r\n"));
    for (int i = 0; i < 400; i++) {
      byte[] head = m.next();
      check(concat(head, "Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
    }
  }

  @Test
  void mutatedAdminBodiesAreAllAnswered() throws Exception {
    List<String[]> routes =
        List.of(
            new String[] {"PUT", "/v1/shares", "{\"shares\":{\"" + ID + "\":1000000}}"},
            new String[] {
              "POST",
              "/v1/downloads",
              "{\"urls\":[\"http://192.0.2.1/v.mp4\"],\"sha256\":\""
                  + ID
                  + "\",\"sizeBytes\":4096,\"contentType\":\"video/mp4\",\"extension\":\"mp4\","
                  + "\"pin\":false,\"key\":\"k-1\",\"cacheUrls\":[]}"
            },
            new String[] {
              "PUT",
              "/v1/contents/" + ID + "/hls",
              "{\"initLength\":100,\"fragments\":[{\"offset\":100,\"length\":900,\"seconds\":6.0}]}"
            });
    for (String[] route : routes) {
      Mutations m = new Mutations(route[1].hashCode(), List.of(route[2]));
      for (int i = 0; i < 300; i++) {
        byte[] body = m.next();
        check(
            RawExchange.request(
                route[0]
                    + " "
                    + route[1]
                    + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer tok\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\n",
                body));
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
