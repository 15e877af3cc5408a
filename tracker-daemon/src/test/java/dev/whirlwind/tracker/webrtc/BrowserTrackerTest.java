package dev.whirlwind.tracker.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whirlwind.protocol.testing.Bodies;
import dev.whirlwind.protocol.testing.ConfigOverrides;
import dev.whirlwind.protocol.testing.JsonWebSocket;
import dev.whirlwind.protocol.tracker.SwarmReport;
import dev.whirlwind.protocol.tracker.WebSocketTrackerConfig;
import dev.whirlwind.server.IoTransport;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The WebSocket tracker on a real port, with WebSocket clients as browsers use it. */
class BrowserTrackerTest {
  /** A binary info-hash as the protocol carries it: one character per byte, high bytes too. */
  static final String HASH = "\u00ffwhirlwind-swarm-\u0001\u0080x";

  private final EventLoopGroup group = IoTransport.select("epoll").newGroup(2);
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final List<JsonWebSocket> clients = new ArrayList<>();
  private BrowserTracker tracker;

  @BeforeEach
  void start() throws Exception {
    start(WebSocketTrackerConfig.defaults());
  }

  private void start(WebSocketTrackerConfig config) throws Exception {
    if (tracker != null) {
      tracker.close();
    }
    tracker =
        BrowserTracker.bind(
            IoTransport.select("epoll"),
            group,
            "127.0.0.1",
            ConfigOverrides.with(config, "port", 0),
            2,
            clock::get);
  }

  @AfterEach
  void stop() {
    clients.forEach(JsonWebSocket::close);
    tracker.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private JsonWebSocket browser() throws Exception {
    JsonWebSocket c = new JsonWebSocket(tracker.address().getPort());
    clients.add(c);
    return c;
  }

  static String peerId(char c) {
    return "-WW0100-" + String.valueOf(c).repeat(11) + "\u00e9";
  }

  static Map<String, Object> announce(String peerId, String event, int offers) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", "announce");
    m.put("info_hash", HASH);
    m.put("peer_id", peerId);
    m.put("numwant", offers);
    m.put("uploaded", 0);
    m.put("downloaded", 0);
    m.put("left", 1000);
    if (event != null) {
      m.put("event", event);
    }
    List<Map<String, Object>> list = new ArrayList<>();
    for (int i = 0; i < offers; i++) {
      list.add(
          Map.of(
              "offer_id",
              offerId(peerId, i),
              "offer",
              Map.of("type", "offer", "sdp", "v=0 offer " + i + " of " + peerId.charAt(8))));
    }
    if (offers > 0) {
      m.put("offers", list);
    }
    return m;
  }

  private static final java.util.function.Function<String, String> JSON_STRING =
      v -> {
        try {
          return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(v);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };

  static String offerId(String peerId, int i) {
    return "offer" + peerId.charAt(8) + "-".repeat(13) + i;
  }

  static Map<String, Object> answer(String from, String to, String offerId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", "announce");
    m.put("info_hash", HASH);
    m.put("peer_id", from);
    m.put("to_peer_id", to);
    m.put("offer_id", offerId);
    m.put("answer", Map.of("type", "answer", "sdp", "v=0 answer"));
    return m;
  }

  @Test
  void offersGoToOtherPeersAndTheirAnswersComeBack() throws Exception {
    JsonWebSocket a = browser();
    JsonWebSocket b = browser();
    String idA = peerId('a');
    String idB = peerId('b');

    a.send(announce(idA, "started", 2));
    JsonNode replyA = a.next();
    assertThat(replyA.get("action").asText()).isEqualTo("announce");
    assertThat(replyA.get("info_hash").asText()).isEqualTo(HASH);
    assertThat(replyA.get("incomplete").asInt()).isEqualTo(1);
    assertThat(replyA.get("complete").asInt()).isZero();
    assertThat(replyA.get("interval").asInt()).isEqualTo(120);

    b.send(announce(idB, "started", 1));
    assertThat(b.next().get("incomplete").asInt()).isEqualTo(2);
    JsonNode offer = a.next();
    assertThat(offer.get("peer_id").asText()).isEqualTo(idB);
    assertThat(offer.get("offer_id").asText()).isEqualTo(offerId(idB, 0));
    assertThat(offer.get("offer").get("sdp").asText()).isEqualTo("v=0 offer 0 of b");
    assertThat(offer.get("info_hash").asText()).isEqualTo(HASH);

    a.send(answer(idA, idB, offerId(idB, 0)));
    JsonNode answered = b.next();
    assertThat(answered.get("peer_id").asText()).isEqualTo(idA);
    assertThat(answered.get("offer_id").asText()).isEqualTo(offerId(idB, 0));
    assertThat(answered.get("answer").get("type").asText()).isEqualTo("answer");
    // Counted once the relay is handed to the other connection, which may already have it.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> tracker.offersRelayed() == 1 && tracker.answersRelayed() == 1);

    // An offer is answered once: a second answer to it is not relayed.
    a.send(answer(idA, idB, offerId(idB, 0)));
    await().atMost(Duration.ofSeconds(10)).until(() -> tracker.relaysDropped() == 1);
    assertThat(a.received).isEmpty();
    assertThat(b.received).isEmpty();

    Map<String, Object> done = announce(idA, "completed", 0);
    done.put("left", 0);
    a.send(done);
    JsonNode completed = a.next();
    assertThat(completed.get("complete").asInt()).isEqualTo(1);
    assertThat(completed.get("incomplete").asInt()).isEqualTo(1);

    a.send(Map.of("action", "scrape", "info_hash", List.of(HASH)));
    JsonNode scrape = a.next();
    assertThat(scrape.get("action").asText()).isEqualTo("scrape");
    assertThat(scrape.get("files").get(HASH).get("complete").asInt()).isEqualTo(1);
    assertThat(scrape.get("files").get(HASH).get("incomplete").asInt()).isEqualTo(1);

    b.send(announce(idB, "stopped", 0));
    assertThat(b.next().get("incomplete").asInt()).isZero();
    a.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> tracker.peerCount() == 0);
  }

  @Test
  void onlyThePeerAnOfferWentToMayAnswerItAndOnlyInTime() throws Exception {
    JsonWebSocket a = browser();
    JsonWebSocket b = browser();
    JsonWebSocket c = browser();
    String idA = peerId('a');
    String idB = peerId('b');
    String idC = peerId('c');
    a.send(announce(idA, "started", 0));
    a.next();
    c.send(announce(idC, "started", 0));
    c.next();
    // B's one offer goes to A or C: both are candidates.
    b.send(announce(idB, "started", 1));
    b.next();
    await().atMost(Duration.ofSeconds(10)).until(() -> tracker.offersRelayed() == 1);
    JsonWebSocket offered = a.received.isEmpty() ? c : a;
    JsonWebSocket other = offered == a ? c : a;
    String offeredId = offered == a ? idA : idC;
    String otherId = offered == a ? idC : idA;
    offered.next();

    other.send(answer(otherId, idB, offerId(idB, 0)));
    await().atMost(Duration.ofSeconds(10)).until(() -> tracker.relaysDropped() == 1);
    assertThat(b.received).isEmpty();

    // Past the offer timeout, even the right peer's answer is stale.
    clock.addAndGet(TimeUnit.SECONDS.toNanos(51));
    offered.send(answer(offeredId, idB, offerId(idB, 0)));
    await().atMost(Duration.ofSeconds(10)).until(() -> tracker.relaysDropped() == 2);
    assertThat(b.received).isEmpty();
    assertThat(tracker.answersRelayed()).isZero();
  }

  @Test
  void peersThatMissTheirAnnouncesAreDropped() throws Exception {
    JsonWebSocket a = browser();
    a.send(announce(peerId('a'), "started", 0));
    a.next();
    assertThat(tracker.peerCount()).isEqualTo(1);
    clock.addAndGet(TimeUnit.SECONDS.toNanos(120));
    assertThat(tracker.sweep()).isZero();
    clock.addAndGet(TimeUnit.SECONDS.toNanos(121));
    assertThat(tracker.sweep()).isEqualTo(1);
    assertThat(tracker.peerCount()).isZero();
    assertThat(tracker.swarmCount()).isZero();
    // It may come back: a new announce starts the swarm again.
    a.send(announce(peerId('a'), null, 0));
    assertThat(a.next().get("incomplete").asInt()).isEqualTo(1);
  }

  @Test
  void badMessagesGetAFailureReasonAndTheConnectionStays() throws Exception {
    JsonWebSocket a = browser();
    a.sendText("{not json");
    assertThat(a.next().get("failure reason").asText()).startsWith("invalid JSON");
    a.sendText("[1,2]");
    assertThat(a.next().get("failure reason").asText()).isEqualTo("expected a JSON object");
    a.send(Map.of("action", "connect"));
    assertThat(a.next().get("failure reason").asText()).startsWith("invalid action");
    Map<String, Object> shortHash = announce(peerId('a'), "started", 0);
    shortHash.put("info_hash", "abc");
    a.send(shortHash);
    assertThat(a.next().get("failure reason").asText()).isEqualTo("invalid info_hash");
    Map<String, Object> wide = announce(peerId('a'), "started", 0);
    wide.put("peer_id", "\u4e16".repeat(20));
    a.send(wide);
    assertThat(a.next().get("failure reason").asText()).isEqualTo("invalid peer_id");
    a.send(announce(peerId('a'), "bogus", 0));
    JsonNode badEvent = a.next();
    assertThat(badEvent.get("failure reason").asText()).isEqualTo("invalid event");
    assertThat(badEvent.get("info_hash").asText()).isEqualTo(HASH);
    a.send(announce(peerId('a'), "started", 11));
    assertThat(a.next().get("failure reason").asText()).contains("too many offers");
    Map<String, Object> noTo = answer(peerId('a'), peerId('b'), "x".repeat(20));
    noTo.remove("to_peer_id");
    a.send(noTo);
    assertThat(a.next().get("failure reason").asText()).contains("to_peer_id");
    a.send(Map.of("action", "scrape"));
    assertThat(a.next().get("failure reason").asText()).contains("info_hash is required");

    // Still a working connection.
    a.send(announce(peerId('a'), "started", 0));
    assertThat(a.next().get("incomplete").asInt()).isEqualTo(1);
    // One peer id per connection, and one connection per peer id.
    a.send(announce(peerId('z'), "started", 0));
    assertThat(a.next().get("failure reason").asText()).contains("differs");
    JsonWebSocket thief = browser();
    thief.send(announce(peerId('a'), "started", 0));
    assertThat(thief.next().get("failure reason").asText()).contains("in use by another");
  }

  @Test
  void floodsBinaryFramesAndHugeMessagesCloseTheConnection() throws Exception {
    JsonWebSocket binary = browser();
    binary.sendBinary(new byte[] {1, 2, 3});
    assertThat(binary.awaitClose()).isEqualTo(1003);

    JsonWebSocket huge = browser();
    huge.sendText("{\"action\":\"announce\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
    assertThat(huge.awaitClose()).isEqualTo(1009);

    start(ConfigOverrides.with(WebSocketTrackerConfig.defaults(), "messagesPerSecond", 2));
    JsonWebSocket flood = browser();
    // The burst is two seconds' worth; the clock does not move, so the fifth message is too many.
    for (int i = 0; i < 5 && !flood.closedWith.isDone(); i++) {
      flood.send(Map.of("action", "scrape", "info_hash", HASH));
    }
    assertThat(flood.awaitClose()).isEqualTo(1008);
    assertThat(flood.received).hasSize(4);
  }

  @Test
  void tablesAreBounded() throws Exception {
    start(
        ConfigOverrides.with(
            ConfigOverrides.with(WebSocketTrackerConfig.defaults(), "maxSwarmsPerConnection", 2),
            "maxPeers",
            3));
    JsonWebSocket a = browser();
    for (int i = 0; i < 3; i++) {
      Map<String, Object> m = announce(peerId('a'), "started", 0);
      m.put("info_hash", HASH.substring(0, 19) + i);
      a.send(m);
    }
    a.next();
    a.next();
    assertThat(a.next().get("failure reason").asText()).contains("swarms, the most it may");
    JsonWebSocket b = browser();
    b.send(announce(peerId('b'), "started", 0));
    assertThat(b.next().get("incomplete").asInt()).isEqualTo(1);
    JsonWebSocket c = browser();
    c.send(announce(peerId('c'), "started", 0));
    assertThat(c.next().get("failure reason").asText()).contains("maximum of 3 browser peers");
    assertThat(tracker.peerCount()).isEqualTo(3);
  }

  @Test
  void aSwarmCountsForTheContentItsTrackerUrlNamesWithTheBytesItsBrowsersReport() throws Exception {
    String content = "ab".repeat(32);
    JsonWebSocket a =
        new JsonWebSocket(
            URI.create("ws://127.0.0.1:" + tracker.address().getPort() + "/c/" + content));
    clients.add(a);
    a.send(announce(peerId('a'), "started", 0));
    a.next();
    JsonWebSocket unnamed = browser();
    Map<String, Object> other = announce(peerId('u'), "started", 0);
    other.put("info_hash", "u".repeat(20));
    unnamed.send(other);
    unnamed.next();

    clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
    Map<String, Object> later = announce(peerId('a'), null, 0);
    later.put("downloaded", 5_000_000);
    later.put("uploaded", 1_000_000);
    a.send(later);
    a.next();
    tracker.sweep();

    var reports = tracker.report(10);
    assertThat(reports).hasSize(2);
    var named = reports.stream().filter(r -> content.equals(r.contentId())).findFirst().get();
    assertThat(named.infoHash())
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(HASH.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    assertThat(named.network()).isEqualTo(SwarmReport.WEBRTC);
    assertThat(named.leechers()).isEqualTo(1);
    assertThat(named.arrivals()).isEqualTo(1);
    assertThat(named.downloadedBytes()).isEqualTo(5_000_000);
    assertThat(named.uploadedBytes()).isEqualTo(1_000_000);
    // Ten seconds since the swarm began: half a megabyte a second.
    assertThat(named.downloadBytesPerSecond()).isEqualTo(500_000.0);
    assertThat(reports).filteredOn(r -> r.contentId() == null).hasSize(1);
    assertThat(tracker.report(1)).hasSize(1);
    assertThat(BrowserTrackerHandler.contentOf("/c/" + content + "?x=1")).isEqualTo(content);
    assertThat(BrowserTrackerHandler.contentOf("/c/not-a-content")).isNull();
    assertThat(BrowserTrackerHandler.contentOf("/announce")).isNull();
  }

  private HttpResponse<String> http(String method, String path, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + tracker.address().getPort() + path))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .method(method, Bodies.orNone(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> report(String session, long uploaded, long downloaded)
      throws Exception {
    return http(
        "POST",
        "/report",
        "{\"session\":\""
            + session
            + "\",\"toPeers\":"
            + uploaded
            + ",\"fromPeers\":"
            + downloaded
            + "}");
  }

  private SwarmReport swarmOf(String content) {
    tracker.sweep();
    return tracker.report(10).stream()
        .filter(r -> content.equals(r.contentId()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aPageReportsTheBytesItMovedForTheSessionItsTrackerUrlNamed() throws Exception {
    String content = "cd".repeat(32);
    String session = "page-session-0123456789";
    JsonWebSocket a =
        new JsonWebSocket(
            URI.create(
                "ws://127.0.0.1:"
                    + tracker.address().getPort()
                    + "/c/"
                    + content
                    + "?s="
                    + session));
    clients.add(a);
    a.send(announce(peerId('a'), "started", 0));
    a.next();

    clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
    HttpResponse<String> counted = report(session, 1_000_000, 4_000_000);
    assertThat(counted.statusCode()).isEqualTo(204);
    assertThat(counted.headers().firstValue("access-control-allow-origin")).hasValue("*");
    SwarmReport swarm = swarmOf(content);
    assertThat(swarm.downloadedBytes()).isEqualTo(4_000_000);
    assertThat(swarm.uploadedBytes()).isEqualTo(1_000_000);
    assertThat(swarm.downloadBytesPerSecond()).isEqualTo(400_000.0);

    HttpResponse<String> again = report(session, 2_000_000, 5_000_000);
    assertThat(again.statusCode()).isEqualTo(429);
    assertThat(again.headers().firstValue("retry-after")).hasValue("1");
    assertThat(again.body()).contains("\"error\":\"too_many_reports\"");

    // One second later: at most a second of a 1 Gbit/s link, and counters never run backwards.
    clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(report(session, 500_000, 4_000_000_000L).statusCode()).isEqualTo(204);
    swarm = swarmOf(content);
    assertThat(swarm.downloadedBytes()).isEqualTo(4_000_000 + BrowserSessions.MAX_BYTES_PER_SECOND);
    assertThat(swarm.uploadedBytes()).isEqualTo(1_000_000);
    // The page's announces carry counters too; with a session only its reports count.
    Map<String, Object> update = announce(peerId('a'), null, 0);
    update.put("downloaded", 9_000_000_000L);
    update.put("uploaded", 9_000_000_000L);
    a.send(update);
    a.next();
    assertThat(swarmOf(content).uploadedBytes()).isEqualTo(1_000_000);

    assertThat(report("no-such-session-000000", 1, 1).statusCode()).isEqualTo(404);
    assertThat(report("no-such-session-000000", 1, 1).body())
        .contains("\"error\":\"unknown_session\"");

    // The page goes: its last report, racing the socket's close, still counts for a while.
    a.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> tracker.peerCount() == 0);
    clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
    assertThat(report(session, 3_000_000, 4_000_000_000L).statusCode()).isEqualTo(204);
    clock.addAndGet(BrowserSessions.CLOSED_GRACE_NANOS + 1);
    assertThat(report(session, 4_000_000, 4_000_000_000L).statusCode()).isEqualTo(404);
  }

  @Test
  void badReportsGetJsonErrorsAndCorsPreflightsAnAnswer() throws Exception {
    HttpResponse<String> preflight = http("OPTIONS", "/report", null);
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("access-control-allow-methods"))
        .hasValue("POST, OPTIONS");
    assertThat(preflight.headers().firstValue("access-control-allow-headers"))
        .hasValue("Content-Type");
    assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("*");

    HttpResponse<String> get = http("GET", "/report", null);
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("allow")).hasValue("POST, OPTIONS");
    for (String body :
        List.of(
            "not json",
            "[1,2]",
            "{\"session\":\"short\",\"toPeers\":0,\"fromPeers\":0}",
            "{\"session\":\"page-session-0123456789\",\"toPeers\":-1,\"fromPeers\":0}",
            "{\"session\":\"page-session-0123456789\",\"toPeers\":1.5,\"fromPeers\":0}",
            "{\"session\":\"page-session-0123456789\",\"toPeers\":0}",
            "{\"session\":42,\"toPeers\":0,\"fromPeers\":0}")) {
      HttpResponse<String> r = http("POST", "/report", body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(r.body()).as(body).contains("\"error\":\"bad_report\"", "\"detail\"");
      assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("*");
    }
    // A path that does not decode: a JSON 400, not a dropped connection.
    var undecodable =
        dev.whirlwind.protocol.testing.RawExchange.send(
            tracker.address().getPort(),
            dev.whirlwind.protocol.testing.RawExchange.request(
                "POST /report%zz HTTP/1.1\r\nHost: t\r\n", "{}".getBytes()),
            5000);
    assertThat(undecodable).hasSize(1);
    assertThat(undecodable.get(0).status()).isEqualTo(400);
    assertThat(undecodable.get(0).isJsonError()).isTrue();
    HttpResponse<String> huge = http("POST", "/report", "{\"pad\":\"" + "x".repeat(4000) + "\"}");
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(huge.body()).contains("\"error\":\"body_too_large\"");
    assertThat(BrowserTrackerHandler.sessionOf("/c/x?s=%zz")).isNull();
    assertThat(BrowserTrackerHandler.sessionOf("/c/x?a=1&s=abc")).isEqualTo("abc");
  }

  @Test
  void aMessageThatIsNotUtf8ClosesTheConnectionWith1007() {
    BrowserTrackerHandler handler =
        new BrowserTrackerHandler(
            new BrowserTrackerHandler.Shared(
                new BrowserSwarms(10, 10),
                new BrowserSessions(10),
                new WsMessageParser(10),
                120,
                TimeUnit.SECONDS.toNanos(50),
                4,
                10,
                20,
                clock::get));
    io.netty.channel.embedded.EmbeddedChannel ch =
        new io.netty.channel.embedded.EmbeddedChannel(handler);
    ch.pipeline()
        .fireUserEventTriggered(
            new io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler
                .HandshakeComplete(
                "/", io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE, null));
    // An offer whose SDP holds an encoded surrogate: relayed, it would fail its receiver.
    byte[] bad =
        ("{\"action\":\"announce\",\"info_hash\":\"" + "h".repeat(20) + "\",\"sdp\":\"")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] frame = java.util.Arrays.copyOf(bad, bad.length + 4);
    frame[bad.length] = (byte) 0xED;
    frame[bad.length + 1] = (byte) 0xA0;
    frame[bad.length + 2] = (byte) 0x80;
    frame[bad.length + 3] = '"';
    ch.writeInbound(
        new io.netty.handler.codec.http.websocketx.TextWebSocketFrame(
            io.netty.buffer.Unpooled.wrappedBuffer(frame)));
    Object out = ch.readOutbound();
    assertThat(out).isInstanceOf(io.netty.handler.codec.http.websocketx.CloseWebSocketFrame.class);
    var close = (io.netty.handler.codec.http.websocketx.CloseWebSocketFrame) out;
    assertThat(close.statusCode()).isEqualTo(1007);
    assertThat(close.reasonText()).isEqualTo("invalid UTF-8");
    close.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void offersAndAnswersAreRelayedAsTheBrowserWroteThem() throws Exception {
    JsonWebSocket a = browser();
    JsonWebSocket b = browser();
    a.send(announce(peerId('a'), "started", 0));
    a.next();
    // Escapes, non-ASCII, nesting and spacing inside the SDP object: passed on as sent.
    String offer =
        "{ \"type\" : \"offer\", \"sdp\": \"v=0\\r\\na=\\u00e9 \u00e9 \\\"q\\\"\","
            + " \"x\": [1, {\"y\": null}] }";
    b.sendText(
        "{\"action\":\"announce\",\"info_hash\":"
            + JSON_STRING.apply(HASH)
            + ",\"peer_id\":"
            + JSON_STRING.apply(peerId('b'))
            + ",\"numwant\":1,\"offers\":[{\"offer\":"
            + offer
            + ",\"offer_id\":"
            + JSON_STRING.apply(offerId(peerId('b'), 0))
            + "}]}");
    b.next();
    JsonNode relayed = a.next();
    assertThat(relayed.get("offer"))
        .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(offer));
    assertThat(relayed.get("peer_id").asText()).isEqualTo(peerId('b'));
    assertThat(relayed.get("info_hash").asText()).isEqualTo(HASH);
  }

  @Test
  void aPlainHttpRequestGetsAJson426() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + tracker.address().getPort() + "/"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(426);
    assertThat(r.body()).contains("\"error\":\"upgrade_required\"", "\"detail\"");
  }
}
