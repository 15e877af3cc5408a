package dev.whirlwind.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.bencode.Bencode;
import dev.whirlwind.protocol.testing.ConfigOverrides;
import dev.whirlwind.tracker.TestConfigs;
import dev.whirlwind.tracker.TrackerDaemon;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of announces for new info-hashes, UDP and HTTP, up to the tracker's cap and past it: past
 * the cap, announces get a failure that says why, known swarms keep working, the listing stays
 * bounded, and the daemon stays live.
 */
class TrackerFloodTest {
  static final int CAP = 400;
  @TempDir Path state;
  private TrackerDaemon daemon;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static byte[] announce(long connectionId, int tid, int swarm, int port) {
    ByteBuffer b = ByteBuffer.allocate(98);
    b.putLong(connectionId).putInt(1).putInt(tid);
    b.putInt(swarm).put(new byte[15]).put((byte) 7);
    byte[] id = new byte[20];
    id[0] = (byte) port;
    b.put(id);
    b.putLong(0).putLong(100).putLong(0).putInt(2).putInt(0).putInt(7).putInt(-1);
    b.putShort((short) port);
    return b.array();
  }

  private HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + daemon.httpAddress().getPort() + pathAndQuery))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void announcesForNewSwarmsPastTheCapAreRefusedAndTheTrackerStaysUseful() throws Exception {
    daemon =
        TrackerDaemon.start(
            ConfigOverrides.with(
                TestConfigs.tracker(state, "127.0.0.1", TestConfigs.freeUdpPort()),
                "maxSwarms",
                CAP),
            Clock.systemUTC());
    try (UdpTrackerTest.Client c = new UdpTrackerTest.Client(daemon.udpAddress())) {
      long id = c.connect(1);
      for (int s = 0; s < CAP; s++) {
        c.send(announce(id, s, s, 6881));
        ByteBuffer r = c.receive();
        assertThat(r.getInt()).as("announce %d", s).isEqualTo(1);
      }
      c.send(announce(id, 9999, CAP, 6881));
      ByteBuffer refused = c.receive();
      assertThat(refused.getInt()).isEqualTo(3); // error
      assertThat(refused.getInt()).isEqualTo(9999);
      byte[] message = new byte[refused.remaining()];
      refused.get(message);
      assertThat(new String(message, StandardCharsets.UTF_8))
          .isEqualTo(
              "tracker is full: it tracks its maximum of " + CAP + " swarms; try again later");

      // A swarm already tracked takes a new peer as before.
      c.send(announce(id, 10_000, 5, 6882));
      ByteBuffer ok = c.receive();
      assertThat(ok.getInt()).isEqualTo(1);
      ok.position(12);
      assertThat(ok.getInt()).isEqualTo(2); // leechers
    }

    // Over HTTP, the same refusal is a bencoded failure reason.
    HttpResponse<byte[]> httpRefused =
        get(
            "/announce?info_hash="
                + "%ff".repeat(20)
                + "&peer_id="
                + "p".repeat(20)
                + "&port=6881&uploaded=0&downloaded=0&left=1&compact=1");
    assertThat(httpRefused.statusCode()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    Map<String, Object> failure = (Map<String, Object>) Bencode.decode(httpRefused.body());
    assertThat(new String((byte[]) failure.get("failure reason"), StandardCharsets.UTF_8))
        .contains("maximum of " + CAP + " swarms");

    HttpResponse<byte[]> listed = get("/v1/swarms?limit=10");
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.headers().firstValue("X-Total-Count")).hasValue(String.valueOf(CAP));
    JsonNode swarms = new ObjectMapper().readTree(listed.body());
    assertThat(swarms.size()).isEqualTo(10);
    assertThat(swarms.get(0).get("leechers").asInt()).isEqualTo(2); // the busiest first
    assertThat(get("/v1/swarms?limit=0").statusCode()).isEqualTo(400);
    assertThat(get("/v1/swarms").headers().firstValue("X-Total-Count")).isPresent();

    String metrics = new String(get("/metrics").body(), StandardCharsets.UTF_8);
    assertThat(metrics).contains("whirlwind_tracker_swarms_refused_total 2.0");
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }
}
