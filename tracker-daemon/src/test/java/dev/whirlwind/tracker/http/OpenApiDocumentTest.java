package dev.whirlwind.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.testing.OpenApiCheck;
import dev.whirlwind.tracker.TestConfigs;
import dev.whirlwind.tracker.TrackerDaemon;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/openapi/tracker.yaml is the tracker's API: every route, every record, every example. */
class OpenApiDocumentTest {
  @TempDir Path state;

  @Test
  void theDocumentIsTheRouteTablesAndItsExamplesAreAccepted() throws Exception {
    OpenApiCheck doc = OpenApiCheck.load("tracker");
    Set<String> routes = new TreeSet<>(Set.of("GET /healthz", "GET /readyz", "GET /metrics"));
    for (var r : TrackerHttpHandler.BITTORRENT.all()) {
      routes.add(r.method().name() + " " + OpenApiCheck.openApiPath(r.pattern()));
    }
    for (var r : new ApiRoutes(null, null, null, null, null, 1, null, null).routes().all()) {
      routes.add(r.method().name() + " " + OpenApiCheck.openApiPath(r.pattern()));
    }
    assertThat(doc.operations()).isEqualTo(routes);
    doc.schemasMatchTheirRecords();

    Path token = state.resolve("token");
    Files.writeString(token, "tok");
    TrackerDaemon tracker =
        TrackerDaemon.start(
            TestConfigs.tracker(
                state, "127.0.0.1", 0, token.toString(), List.of("http://127.0.0.1:6969")),
            Clock.systemUTC());
    try {
      HttpClient http = HttpClient.newHttpClient();
      var examples = doc.examples();
      assertThat(examples).hasSize(6);
      for (OpenApiCheck.Example e : examples) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + tracker.httpAddress().getPort() + e.path()))
                    .header("Authorization", "Bearer tok")
                    .method(e.method(), HttpRequest.BodyPublishers.ofString(e.body().toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode())
            .as(e.method() + " " + e.path() + ": " + r.body())
            .isBetween(200, 299);
      }
    } finally {
      tracker.close();
    }
  }
}
