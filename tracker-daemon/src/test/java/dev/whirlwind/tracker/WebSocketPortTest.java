package dev.whirlwind.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whirlwind.protocol.config.ConfigException;
import dev.whirlwind.protocol.testing.ConfigOverrides;
import dev.whirlwind.protocol.testing.JsonWebSocket;
import dev.whirlwind.protocol.tracker.TrackerDaemonConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon with its WebSocket tracker on: a port of its own, counted in /metrics. */
class WebSocketPortTest {
  @TempDir Path state;

  private TrackerDaemonConfig config(int wsPort) {
    return ConfigOverrides.with(
        TestConfigs.tracker(
            state, "127.0.0.1", 0, state.resolve("token").toString(), List.of("http://t:1")),
        "webSocket.port",
        wsPort);
  }

  @Test
  void browsersAnnounceOnTheirPortAndTheMetricsCountThem() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (TrackerDaemon tracker = TrackerDaemon.start(config(port), Clock.systemUTC());
        JsonWebSocket browser = new JsonWebSocket(port)) {
      assertThat(tracker.webSocketAddress().getPort()).isEqualTo(port);
      browser.send(
          Map.of(
              "action",
              "announce",
              "info_hash",
              "x".repeat(20),
              "peer_id",
              "-WW0100-" + "p".repeat(12),
              "event",
              "started",
              "left",
              10));
      assertThat(browser.next().get("incomplete").asInt()).isEqualTo(1);
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + tracker.httpAddress().getPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .contains("whirlwind_tracker_browser_peers 1.0")
          .contains("whirlwind_tracker_browser_swarms 1.0");
    }
  }

  @Test
  void theWebSocketPortIsOffByDefaultAndCannotShareAPort() throws Exception {
    try (TrackerDaemon tracker =
        TrackerDaemon.start(
            TestConfigs.tracker(
                state, "127.0.0.1", 0, state.resolve("token").toString(), List.of("http://t:1")),
            Clock.systemUTC())) {
      assertThat(tracker.webSocketAddress()).isNull();
    }
    TrackerDaemonConfig same = ConfigOverrides.with(config(7001), "httpPort", 7001);
    assertThatThrownBy(same::validate)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webSocket.port");
  }
}
