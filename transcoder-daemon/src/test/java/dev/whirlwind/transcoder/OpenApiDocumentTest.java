package dev.whirlwind.transcoder;

import dev.whirlwind.protocol.testing.OpenApiCheck;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/openapi/transcoder.yaml is the job API: every route, every record, every example. */
class OpenApiDocumentTest {
  @TempDir Path dir;

  @Test
  void theDocumentIsTheRouteTableAndItsExamplesAreAccepted() throws Exception {
    OpenApiCheck doc = OpenApiCheck.load("transcoder");
    doc.operationsAre(
        JobApi.routes(null).all().stream().map(r -> r.method() + " " + r.pattern()).toList());
    doc.schemasMatchTheirRecords();
    try (TranscoderDaemon daemon = TestTranscoders.start(dir, Map.of())) {
      doc.examplesAreAccepted("http://127.0.0.1:" + daemon.address().getPort(), "tok", 1);
    }
  }
}
