package dev.whirlwind.tracker.http;

import dev.whirlwind.protocol.testing.OpenApiCheck;
import dev.whirlwind.tracker.TestConfigs;
import dev.whirlwind.tracker.TrackerDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/openapi/tracker.yaml is the tracker's API: every route, every record, every example. */
class OpenApiDocumentTest {
  @TempDir Path state;

  @Test
  void theDocumentIsTheRouteTablesAndItsExamplesAreAccepted() throws Exception {
    OpenApiCheck doc = OpenApiCheck.load("tracker");
    List<String> routes = new ArrayList<>();
    TrackerHttpHandler.BITTORRENT.all().forEach(r -> routes.add(r.method() + " " + r.pattern()));
    new ApiRoutes(null, null, null, null, null, 1, null, null, BrowserSwarmList.NONE, false)
        .routes()
        .all()
        .forEach(r -> routes.add(r.method() + " " + r.pattern()));
    doc.operationsAre(routes);
    doc.schemasMatchTheirRecords();

    Path token = state.resolve("token");
    Files.writeString(token, "tok");
    TrackerDaemon tracker =
        TrackerDaemon.start(
            TestConfigs.tracker(
                state, "127.0.0.1", 0, token.toString(), List.of("http://127.0.0.1:6969")),
            Clock.systemUTC());
    try {
      doc.examplesAreAccepted("http://127.0.0.1:" + tracker.httpAddress().getPort(), "tok", 6);
    } finally {
      tracker.close();
    }
  }
}
