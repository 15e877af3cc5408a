package dev.whirlwind.cache;

import dev.whirlwind.cache.admin.AdminApi;
import dev.whirlwind.cache.serve.ContentHttpHandler;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.testing.OpenApiCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/openapi/cache.yaml is the cache's API: every route, every record, every example. */
class OpenApiDocumentTest {
  @TempDir Path data;

  @Test
  void theDocumentIsTheRouteTablesAndItsExamplesAreAccepted() throws Exception {
    OpenApiCheck doc = OpenApiCheck.load("cache");
    List<String> routes = new ArrayList<>();
    ContentHttpHandler.ROUTES.all().forEach(r -> routes.add(r.method() + " " + r.pattern()));
    new AdminApi(null, null, null, null, null, null, null)
        .routes()
        .all()
        .forEach(r -> routes.add(r.method() + " " + r.pattern()));
    doc.operationsAre(routes);
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
      doc.examplesAreAccepted("http://127.0.0.1:" + cache.address().getPort(), "tok", 3);
    }
  }
}
