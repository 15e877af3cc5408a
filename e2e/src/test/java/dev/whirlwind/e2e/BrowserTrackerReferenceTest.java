package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whirlwind.protocol.testing.JsonWebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebSocket tracker against the reference implementation, {@code bittorrent-tracker}'s own
 * server (npm, run with the machine's Node): the same frames from the same browsers give the same
 * replies and relays, message for message; where we refuse on purpose (answers to offers never
 * made), the test says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTrackerReferenceTest {
  static final String REFERENCE_VERSION = "11.2.3";
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String HASH = "\u00ffwhirlwind-swarm-\u0001\u0080x";
  static final String OTHER = "another-swarm-hash-!";

  private Path dir;
  private Process reference;
  private int referencePort;
  private DaemonProcess ours;
  private int oursPort;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    this.dir = dir;
    Assumptions.assumeTrue(
        Commands.available("node") && Commands.available("npm"),
        "node and npm are needed to run the reference tracker (apt-get install nodejs npm)");
    Path modules = ReferenceTracker.install(dir.resolve("reference"), REFERENCE_VERSION);
    referencePort = DaemonProcess.freePort();
    reference = ReferenceTracker.start(modules, referencePort, dir.resolve("reference.log"));

    oursPort = DaemonProcess.freePort();
    Path token = dir.resolve("token");
    Files.writeString(token, "t");
    Path config = DaemonProcess.trackerConfig(dir, DaemonProcess.freePort(), token);
    Files.writeString(config, "webSocket:\n  port: " + oursPort + "\n", StandardOpenOption.APPEND);
    ours = DaemonProcess.start("tracker-daemon", config, dir);
    ReferenceTracker.awaitPort(oursPort, Duration.ofSeconds(60));
  }

  @AfterAll
  void stop() throws Exception {
    if (reference != null) {
      reference.destroy();
      reference.waitFor(10, TimeUnit.SECONDS);
    }
    if (ours != null) {
      ours.close();
    }
  }

  /** One frame from browser {@code from}, and how many messages each browser gets for it. */
  record Step(int from, Object message, Map<Integer, Integer> expect, boolean anyReason) {
    Step(int from, Object message, Map<Integer, Integer> expect) {
      this(from, message, expect, false);
    }
  }

  static String peer(char c) {
    return "-WW0100-" + String.valueOf(c).repeat(11) + "\u00e9";
  }

  static String offerId(char from, int i) {
    return "offer-" + from + "-".repeat(12) + i;
  }

  static Map<String, Object> announce(char who, String event, long left, int offers) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", "announce");
    m.put("info_hash", HASH);
    m.put("peer_id", peer(who));
    m.put("numwant", offers);
    m.put("uploaded", 0);
    m.put("downloaded", 0);
    m.put("left", left);
    m.put("event", event);
    if (offers > 0) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < offers; i++) {
        list.add(
            Map.of(
                "offer_id",
                offerId(who, i),
                "offer",
                Map.of("type", "offer", "sdp", "v=0\r\no=- " + who + i + " 2 IN IP4 127.0.0.1")));
      }
      m.put("offers", list);
    }
    return m;
  }

  static Map<String, Object> answer(char who, char to, String offerId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", "announce");
    m.put("info_hash", HASH);
    m.put("peer_id", peer(who));
    m.put("to_peer_id", peer(to));
    m.put("offer_id", offerId);
    m.put("answer", Map.of("type", "answer", "sdp", "v=0\r\no=- answer"));
    return m;
  }

  static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(m);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return copy;
  }

  /** Browsers 0, 1, 2 (A, B, C): announces, offers, an answer, scrapes, mistakes, a stop. */
  static List<Step> scenario() {
    return List.of(
        new Step(0, announce('A', "started", 1000, 2), Map.of(0, 1)),
        // B's offer goes to the one other peer, A.
        new Step(1, announce('B', "started", 1000, 1), Map.of(1, 1, 0, 1)),
        // A's answer goes back to B, and A gets no reply for it.
        new Step(0, answer('A', 'B', offerId('B', 0)), Map.of(1, 1)),
        new Step(0, announce('A', "completed", 0, 0), Map.of(0, 1)),
        new Step(2, announce('C', "started", 0, 0), Map.of(2, 1)),
        new Step(2, Map.of("action", "scrape", "info_hash", List.of(HASH, OTHER)), Map.of(2, 1)),
        new Step(2, Map.of("action", "scrape", "info_hash", HASH), Map.of(2, 1)),
        new Step(1, with(announce('B', null, 1000, 0), "info_hash", "short"), Map.of(1, 1)),
        new Step(1, with(announce('B', null, 1000, 0), "peer_id", 42), Map.of(1, 1)),
        new Step(1, announce('B', "bogus", 1000, 0), Map.of(1, 1)),
        new Step(1, with(answer('B', 'A', "x".repeat(20)), "to_peer_id", null), Map.of(1, 1)),
        new Step(1, Map.of("action", "connect"), Map.of(1, 1)),
        new Step(1, Map.of("info_hash", HASH), Map.of(1, 1)),
        new Step(1, "{\"action\": \"announce\",", Map.of(1, 1), true),
        new Step(1, announce('B', "update", 500, 0), Map.of(1, 1)),
        new Step(1, announce('B', "stopped", 500, 0), Map.of(1, 1)),
        // With B gone, C's offer can only go to A.
        new Step(2, announce('C', "update", 0, 1), Map.of(2, 1, 0, 1)),
        new Step(0, announce('A', "paused", 0, 0), Map.of(0, 1)));
  }

  /** What each browser received, in order, with what the configuration decides left out. */
  private List<List<JsonNode>> run(int port, List<Step> steps) throws Exception {
    List<JsonWebSocket> browsers = new ArrayList<>();
    List<List<JsonNode>> got = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        browsers.add(new JsonWebSocket(port));
        got.add(new ArrayList<>());
      }
      for (Step s : steps) {
        JsonWebSocket from = browsers.get(s.from());
        if (s.message() instanceof String raw) {
          from.sendText(raw);
        } else {
          from.send(s.message());
        }
        for (Map.Entry<Integer, Integer> e : s.expect().entrySet()) {
          for (int n = 0; n < e.getValue(); n++) {
            got.get(e.getKey()).add(normalized(browsers.get(e.getKey()).next(), s.anyReason()));
          }
        }
      }
      for (int i = 0; i < 3; i++) {
        assertThat(browsers.get(i).received).as("browser %d got more than expected", i).isEmpty();
      }
    } finally {
      browsers.forEach(JsonWebSocket::close);
    }
    return got;
  }

  private static JsonNode normalized(JsonNode m, boolean anyReason) {
    ObjectNode copy = m.deepCopy();
    // The scrape's request interval is configuration, not protocol.
    copy.remove("flags");
    if (anyReason && copy.has("failure reason")) {
      copy.put("failure reason", "*");
    }
    return copy;
  }

  @Test
  void theSameFramesGetTheSameRepliesAndRelaysAsFromTheReference() throws Exception {
    List<List<JsonNode>> theirs = run(referencePort, scenario());
    List<List<JsonNode>> mine = run(oursPort, scenario());
    for (int i = 0; i < 3; i++) {
      assertThat(mine.get(i)).as("browser %d", i).isEqualTo(theirs.get(i));
    }
    // Not an empty comparison: replies, relays and failures are all in it.
    assertThat(theirs.get(0).toString()).contains("\"offer\"", "\"complete\":1");
    assertThat(theirs.get(1).toString()).contains("\"answer\"", "failure reason");
  }

  @Test
  void anAnswerToAnOfferNeverMadeIsRelayedByTheReferenceAndDroppedByUs() throws Exception {
    List<Step> steps =
        List.of(
            new Step(0, announce('A', "started", 1000, 0), Map.of(0, 1)),
            new Step(1, announce('B', "started", 1000, 0), Map.of(1, 1)),
            // B claims to answer an offer A never made.
            new Step(1, answer('B', 'A', offerId('A', 7)), Map.of()),
            new Step(0, Map.of("action", "scrape", "info_hash", HASH), Map.of(0, 1)));
    List<List<JsonNode>> theirs = run(referencePort, withReferenceRelay(steps));
    List<List<JsonNode>> mine = run(oursPort, steps);
    assertThat(theirs.get(0).get(1).has("answer")).isTrue();
    assertThat(mine.get(0)).hasSize(2);
    assertThat(mine.get(0).get(1).get("action").asText()).isEqualTo("scrape");
  }

  /** The reference relays the forged answer: A gets one message more from it. */
  private static List<Step> withReferenceRelay(List<Step> steps) {
    List<Step> out = new ArrayList<>(steps);
    out.set(2, new Step(1, steps.get(2).message(), Map.of(0, 1)));
    return out;
  }
}
