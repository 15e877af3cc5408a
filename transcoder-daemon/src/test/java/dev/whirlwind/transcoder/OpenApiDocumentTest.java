package dev.whirlwind.transcoder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.testing.ConfigOverrides;
import dev.whirlwind.protocol.testing.OpenApiCheck;
import dev.whirlwind.protocol.transcode.TranscoderDaemonConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/openapi/transcoder.yaml is the job API: every route, every record, every example. */
class OpenApiDocumentTest {
  @TempDir Path dir;

  @Test
  void theDocumentIsTheRouteTableAndItsExamplesAreAccepted() throws Exception {
    OpenApiCheck doc = OpenApiCheck.load("transcoder");
    Set<String> routes = new TreeSet<>(Set.of("GET /healthz", "GET /readyz", "GET /metrics"));
    for (var r : JobApi.routes(null).all()) {
      routes.add(r.method().name() + " " + OpenApiCheck.openApiPath(r.pattern()));
    }
    assertThat(doc.operations()).isEqualTo(routes);
    doc.schemasMatchTheirRecords();

    Files.writeString(dir.resolve("token"), "tok");
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (TranscoderDaemon daemon =
        TranscoderDaemon.start(
            ConfigOverrides.with(
                TranscoderDaemonConfig.defaults(),
                Map.of(
                    "bindAddress",
                    "127.0.0.1",
                    "port",
                    port,
                    "adminTokenFile",
                    dir.resolve("token").toString(),
                    "stateDir",
                    dir.resolve("state").toString())))) {
      HttpClient http = HttpClient.newHttpClient();
      var examples = doc.examples();
      assertThat(examples).isNotEmpty();
      for (OpenApiCheck.Example e : examples) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + e.path()))
                    .header("Authorization", "Bearer tok")
                    .method(e.method(), HttpRequest.BodyPublishers.ofString(e.body().toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode())
            .as(e.method() + " " + e.path() + ": " + r.body())
            .isBetween(200, 299);
      }
    }
  }
}
