package dev.whirlwind.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.config.ConfigException;
import dev.whirlwind.protocol.testing.ConfigOverrides;
import dev.whirlwind.protocol.tracker.MirrorList;
import dev.whirlwind.protocol.tracker.TrackerDaemonConfig;
import dev.whirlwind.tracker.TestConfigs;
import dev.whirlwind.tracker.TrackerDaemon;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With an admin port, the client port answers clients only; the admin port answers everything. */
class AdminPortTest {
  private static final String TOKEN = "admin-port-token";
  private static final String ID = "ab".repeat(32);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path state;
  private TrackerDaemon tracker;
  private TrackerDaemonConfig config;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Path token = state.resolve("token");
    Files.writeString(token, TOKEN + "\n");
    config =
        ConfigOverrides.with(
            TestConfigs.tracker(
                state, "127.0.0.1", 0, token.toString(), List.of("http://127.0.0.1:6969")),
            "adminPort",
            freePort());
    tracker = TrackerDaemon.start(config, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    tracker.close();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private HttpResponse<String> send(int port, String method, String path, Object body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + TOKEN)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theClientPortRefusesTheAdminApiEvenWithTheToken() throws Exception {
    int clients = tracker.httpAddress().getPort();
    assertThat(tracker.adminAddress().getPort())
        .isEqualTo(config.adminPort())
        .isNotEqualTo(clients);

    HttpResponse<String> put =
        send(clients, "PUT", "/v1/contents/" + ID + "/mirrors", new MirrorList(List.of()));
    assertThat(put.statusCode()).isEqualTo(404);
    JsonNode error = JSON.readTree(put.body());
    assertThat(error.get("error").asText()).isEqualTo("not_found");
    assertThat(error.get("detail").asText()).contains("the admin API has its own");
    assertThat(send(clients, "GET", "/v1/registrations", null).statusCode()).isEqualTo(404);

    // What clients use still answers there.
    assertThat(send(clients, "GET", "/v1/swarms", null).statusCode()).isEqualTo(200);
    assertThat(send(clients, "GET", "/announce?info_hash=x", null).statusCode()).isEqualTo(200);
    assertThat(send(clients, "GET", "/healthz", null).statusCode()).isEqualTo(200);
  }

  @Test
  void theAdminPortAnswersTheAdminApiAndWhatClientsUse() throws Exception {
    int admin = tracker.adminAddress().getPort();
    assertThat(
            send(admin, "PUT", "/v1/contents/" + ID + "/mirrors", new MirrorList(List.of()))
                .statusCode())
        .isEqualTo(200);
    assertThat(send(admin, "GET", "/v1/registrations", null).statusCode()).isEqualTo(200);
    assertThat(send(admin, "GET", "/v1/swarms", null).statusCode()).isEqualTo(200);
    assertThat(send(admin, "GET", "/readyz", null).statusCode()).isEqualTo(200);
  }

  @Test
  void anAdminPortThatIsTheHttpPortIsRefused() {
    TrackerDaemonConfig same =
        ConfigOverrides.with(ConfigOverrides.with(config, "httpPort", 7000), "adminPort", 7000);
    assertThatThrownBy(same::validate)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("adminPort")
        .hasMessageContaining("httpPort");
  }
}
