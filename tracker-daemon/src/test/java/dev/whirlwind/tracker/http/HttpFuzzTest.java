package dev.whirlwind.tracker.http;

import dev.whirlwind.protocol.testing.Mutations;
import dev.whirlwind.protocol.testing.RawExchange;
import dev.whirlwind.tracker.TestConfigs;
import dev.whirlwind.tracker.TrackerDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of the tracker's requests and admin bodies, with a fixed budget: every request
 * gets a complete answer (a bencoded failure for announces), no 500, errors as JSON.
 */
class HttpFuzzTest {
  static final String ID = "cd".repeat(32);
  @TempDir Path state;
  private TrackerDaemon tracker;

  @BeforeEach
  void start() throws Exception {
    Path token = state.resolve("token");
    Files.writeString(token, "tok");
    tracker =
        TrackerDaemon.start(
            TestConfigs.tracker(
                state, "127.0.0.1", 0, token.toString(), List.of("http://127.0.0.1:6969")),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    tracker.close();
  }

  @Test
  void mutatedRequestHeadsAreAllAnswered() throws Exception {
    String hash = "%12%34%56%78%9a%bc%de%f1%23%45%67%89%ab%cd%ef%12%34%56%78%9a";
    Mutations m =
        new Mutations(
            21L,
            List.of(
                "GET /announce?info_hash="
                    + hash
                    + "&peer_id=-qB4500-abcdefghijkl&port=6881&left=5&compact=1 HTTP/1.1\r\n"
                    + "Host: t\r\n",
                "GET /scrape?info_hash=" + hash + " HTTP/1.1\r\nHost: t\r\n",
                "GET /v1/swarms?limit=5 HTTP/1.1\r\nHost: t\r\n",
                "GET /v1/contents/" + ID + ".torrent HTTP/1.1\r\nHost: t\r\n",
                "GET /r/" + ID + ".m3u8 HTTP/1.1\r\nHost: t\r\n",
                "GET /v1/registrations HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer tok\r\n"));
    for (int i = 0; i < 400; i++) {
      byte[] head = m.next();
      byte[] end = "Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
      byte[] request = java.util.Arrays.copyOf(head, head.length + end.length);
      System.arraycopy(end, 0, request, head.length, end.length);
      RawExchange.assertAnswered(tracker.httpAddress().getPort(), request);
    }
  }

  @Test
  void mutatedAdminBodiesAreAllAnswered() throws Exception {
    List<String[]> routes =
        List.of(
            new String[] {
              "PUT",
              "/v1/caches/cache-0",
              "{\"baseUrl\":\"http://127.0.0.1:9\",\"contents\":[\""
                  + ID
                  + "\"],\"capacityBytes\":1000,\"freeBytes\":10,\"bandwidthBytesPerSecond\":5,"
                  + "\"uploadBytesPerSecond\":{\""
                  + ID
                  + "\":3},\"plainHttpBytes\":{},\"digest\":null,\"hlsIndexes\":[]}"
            },
            new String[] {
              "PUT",
              "/v1/contents/" + ID,
              "{\"contentId\":\""
                  + ID
                  + "\",\"sizeBytes\":262144,\"extension\":\"mp4\",\"contentType\":\"video/mp4\","
                  + "\"pieces\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"probeHash\":null,\"urls\":[],"
                  + "\"hls\":null}"
            },
            new String[] {
              "PUT", "/v1/contents/" + ID + "/mirrors", "{\"urls\":[\"http://192.0.2.1/v.mp4\"]}"
            });
    for (String[] route : routes) {
      Mutations m = new Mutations(route[1].hashCode(), List.of(route[2]));
      for (int i = 0; i < 300; i++) {
        RawExchange.assertAnswered(
            tracker.httpAddress().getPort(),
            RawExchange.request(
                route[0]
                    + " "
                    + route[1]
                    + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer tok\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\n",
                m.next()));
      }
    }
  }
}
