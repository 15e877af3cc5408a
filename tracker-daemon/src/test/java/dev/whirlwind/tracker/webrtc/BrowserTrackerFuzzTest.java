package dev.whirlwind.tracker.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.testing.ConfigOverrides;
import dev.whirlwind.protocol.testing.JsonWebSocket;
import dev.whirlwind.protocol.testing.Mutations;
import dev.whirlwind.protocol.tracker.WebSocketTrackerConfig;
import dev.whirlwind.server.IoTransport;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of real frames against the WebSocket tracker: every frame is answered, relayed
 * or dropped, the connection is never lost to one, and the tables stay within their bounds.
 */
class BrowserTrackerFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FRAMES = 3000;

  @Test
  void mutatedFramesNeverBreakTheTrackerOrItsBounds() throws Exception {
    EventLoopGroup group = IoTransport.select("epoll").newGroup(2);
    WebSocketTrackerConfig config =
        ConfigOverrides.with(
            WebSocketTrackerConfig.defaults(),
            Map.of("port", 0, "messagesPerSecond", 10_000, "maxPeers", 50, "maxSwarms", 20));
    try (BrowserTracker tracker =
        BrowserTracker.bind(
            IoTransport.select("epoll"), group, "127.0.0.1", config, 2, System::nanoTime)) {
      String a = BrowserTrackerTest.peerId('a');
      String b = BrowserTrackerTest.peerId('b');
      List<String> samples =
          List.of(
              JSON.writeValueAsString(BrowserTrackerTest.announce(a, "started", 3)),
              JSON.writeValueAsString(BrowserTrackerTest.announce(b, null, 1)),
              JSON.writeValueAsString(
                  BrowserTrackerTest.answer(a, b, BrowserTrackerTest.offerId(b, 0))),
              JSON.writeValueAsString(
                  Map.of("action", "scrape", "info_hash", List.of(BrowserTrackerTest.HASH))));
      Mutations mutations = new Mutations(20261202L, samples);
      int port = tracker.address().getPort();
      try (JsonWebSocket fuzzer = new JsonWebSocket(port);
          JsonWebSocket peer = new JsonWebSocket(port)) {
        peer.send(BrowserTrackerTest.announce(b, "started", 0));
        peer.next();
        for (int i = 0; i < FRAMES && !fuzzer.closedWith.isDone(); i++) {
          fuzzer.sendText(new String(mutations.next(), StandardCharsets.ISO_8859_1));
        }
        assertThat(fuzzer.closedWith).as("a frame closed the connection").isNotDone();
        // Frames are handled in order: the answer to this one comes after all the others'.
        fuzzer.send(Map.of("action", "scrape", "info_hash", "marker-marker-marker"));
        JsonNode last = null;
        while (last == null || !last.path("files").has("marker-marker-marker")) {
          last = fuzzer.next();
          assertThat(last.isObject()).isTrue();
        }
        assertThat(peer.closedWith).isNotDone();
      }
      assertThat(tracker.peerCount()).isLessThanOrEqualTo(50);
      assertThat(tracker.swarmCount()).isLessThanOrEqualTo(20);
      // Still a tracker: a clean announce on a new connection is answered.
      try (JsonWebSocket fresh = new JsonWebSocket(port)) {
        fresh.send(BrowserTrackerTest.announce(BrowserTrackerTest.peerId('z'), "started", 0));
        assertThat(fresh.next().path("action").asText()).isEqualTo("announce");
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
