package dev.whirlwind.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.bencode.Bencode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracker's HTTP side in-process, on loopback, IPv4 and IPv6. */
class TrackerDaemonTest {
  @TempDir Path state;
  private TrackerDaemon daemon;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    daemon = TrackerDaemon.start(TestConfigs.tracker(state, "::", 0), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private HttpResponse<byte[]> get(String host, String pathAndQuery) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://" + host + ":" + daemon.httpAddress().getPort() + pathAndQuery))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A request the JDK's client would refuse to send (bad escapes), written by hand. */
  private byte[] rawGet(String pathAndQuery) throws Exception {
    try (java.net.Socket socket =
        new java.net.Socket("127.0.0.1", daemon.httpAddress().getPort())) {
      socket
          .getOutputStream()
          .write(
              ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      return socket.getInputStream().readAllBytes();
    }
  }

  static String announceQuery(String hashChar, String peer, int port, long left, String extra) {
    return "/announce?info_hash="
        + hashChar.repeat(20)
        + "&peer_id="
        + peer.repeat(20).substring(0, 20)
        + "&port="
        + port
        + "&uploaded=0&downloaded=0&left="
        + left
        + extra;
  }

  @Test
  void compactPeersGoToPeersAndIpv6PeersToPeers6() throws Exception {
    get("127.0.0.1", announceQuery("a", "v4", 6881, 0, "&event=started"));
    get("[::1]", announceQuery("a", "v6", 6882, 0, "&event=started"));
    HttpResponse<byte[]> r = get("127.0.0.1", announceQuery("a", "me", 6883, 100, ""));
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Object> body = Bencode.decodeDictionary(r.body());
    assertThat(body.get("complete")).isEqualTo(2L);
    assertThat(body.get("incomplete")).isEqualTo(1L);
    assertThat(body.get("interval")).isEqualTo(300L);
    assertThat(body.get("min interval")).isEqualTo(60L);
    assertThat(body).containsKey("tracker id");
    assertThat((byte[]) body.get("peers")).containsExactly(127, 0, 0, 1, 0x1a, (byte) 0xe1);
    byte[] peers6 = (byte[]) body.get("peers6");
    assertThat(peers6).hasSize(18);
    assertThat(peers6[15]).isEqualTo((byte) 1);
    assertThat(((peers6[16] & 0xff) << 8) | (peers6[17] & 0xff)).isEqualTo(6882);
  }

  @Test
  @SuppressWarnings("unchecked")
  void dictionaryModelCarriesPeerIdsUnlessAskedNotTo() throws Exception {
    get("127.0.0.1", announceQuery("b", "x", 7000, 0, ""));
    Map<String, Object> body =
        Bencode.decodeDictionary(
            get("127.0.0.1", announceQuery("b", "y", 7001, 5, "&compact=0")).body());
    List<Map<String, Object>> peers = (List<Map<String, Object>>) body.get("peers");
    assertThat(peers).hasSize(1);
    assertThat(new String((byte[]) peers.get(0).get("ip"), StandardCharsets.UTF_8))
        .isEqualTo("127.0.0.1");
    assertThat(peers.get(0).get("port")).isEqualTo(7000L);
    assertThat(new String((byte[]) peers.get(0).get("peer id"), StandardCharsets.ISO_8859_1))
        .isEqualTo("x".repeat(20));
    Map<String, Object> noIds =
        Bencode.decodeDictionary(
            get("127.0.0.1", announceQuery("b", "y", 7001, 5, "&compact=0&no_peer_id=1")).body());
    assertThat(((List<Map<String, Object>>) noIds.get("peers")).get(0))
        .doesNotContainKey("peer id");
  }

  @Test
  void malformedAnnouncesGetAFailureReasonNeverAServerError() throws Exception {
    for (String q :
        List.of(
            "/announce",
            "/announce?info_hash=%zz",
            "/announce?info_hash=abc&peer_id=def",
            announceQuery("c", "p", 0, 1, ""),
            announceQuery("c", "p", 1, 1, "&numwant=lots"),
            "/scrape",
            "/scrape?info_hash=tooshort")) {
      byte[] raw = rawGet(q);
      String head = new String(raw, StandardCharsets.ISO_8859_1);
      assertThat(head).as(q).startsWith("HTTP/1.1 200 OK");
      int bodyAt = head.indexOf("\r\n\r\n") + 4;
      Map<String, Object> body =
          Bencode.decodeDictionary(java.util.Arrays.copyOfRange(raw, bodyAt, raw.length));
      assertThat(body).as(q).containsKey("failure reason");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void scrapeCountsSeedersLeechersAndCompletions() throws Exception {
    get("127.0.0.1", announceQuery("d", "s", 1, 0, "&event=completed"));
    get("127.0.0.1", announceQuery("d", "l", 2, 9, "&event=started"));
    Map<String, Object> body =
        Bencode.decodeDictionary(
            get("127.0.0.1", "/scrape?info_hash=" + "d".repeat(20) + "&info_hash=" + "e".repeat(20))
                .body());
    Map<String, Object> files = (Map<String, Object>) body.get("files");
    assertThat((Map<String, Object>) files.get("d".repeat(20)))
        .containsEntry("complete", 1L)
        .containsEntry("incomplete", 1L)
        .containsEntry("downloaded", 1L);
    assertThat((Map<String, Object>) files.get("e".repeat(20))).containsEntry("complete", 0L);
  }

  @Test
  void otherEndpointsAnswerJsonErrorsAndHealth() throws Exception {
    HttpResponse<byte[]> missing = get("127.0.0.1", "/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(new String(missing.body(), StandardCharsets.UTF_8))
        .contains("\"error\":\"not_found\"");
    assertThat(get("127.0.0.1", "/healthz").statusCode()).isEqualTo(200);
    assertThat(get("127.0.0.1", "/readyz").statusCode()).isEqualTo(200);
    get("127.0.0.1", announceQuery("f", "m", 1, 0, ""));
    assertThat(new String(get("127.0.0.1", "/metrics").body(), StandardCharsets.UTF_8))
        .contains("whirlwind_tracker_announces_total{protocol=\"http\",result=\"ok\"}")
        .contains("whirlwind_tracker_peers ");
    HttpResponse<byte[]> post =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + daemon.httpAddress().getPort() + "/announce"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(post.statusCode()).isEqualTo(405);
  }
}
