package dev.whirlwind.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.cache.admin.AdminApi;
import dev.whirlwind.cache.serve.ContentHttpHandler;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.testing.OpenApiCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/openapi/cache.yaml is the cache's API: every route, every record, every example. */
class OpenApiDocumentTest {
  @TempDir Path data;

  @Test
  void theDocumentIsTheRouteTablesAndItsExamplesAreAccepted() throws Exception {
    OpenApiCheck doc = OpenApiCheck.load("cache");
    Set<String> routes = new TreeSet<>(Set.of("GET /healthz", "GET /readyz", "GET /metrics"));
    for (var r : ContentHttpHandler.ROUTES.all()) {
      routes.add(r.method().name() + " " + OpenApiCheck.openApiPath(r.pattern()));
    }
    for (var r : new AdminApi(null, null, null, null, null, null, null).routes().all()) {
      routes.add(r.method().name() + " " + OpenApiCheck.openApiPath(r.pattern()));
    }
    assertThat(doc.operations()).isEqualTo(routes);
    doc.schemasMatchTheirRecords();

    Files.writeString(data.resolve("token"), "tok");
    try (CacheDaemon cache =
        CacheDaemon.start(
            CacheTestConfigs.cache(
                data.resolve("store"), "epoll", data.resolve("token").toString(), 0, List.of()))) {
      // The content the HLS example indexes.
      Path tmp = cache.store().newTempFile();
      Files.write(tmp, new byte[4096]);
      cache
          .store()
          .publish(
              tmp,
              new StoredContent(
                  "ab".repeat(32), 4096, "video/mp4", "mp4", "", null, List.of(), false, 1));
      HttpClient http = HttpClient.newHttpClient();
      var examples = doc.examples();
      assertThat(examples).hasSize(3);
      for (OpenApiCheck.Example e : examples) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + cache.address().getPort() + e.path()))
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
