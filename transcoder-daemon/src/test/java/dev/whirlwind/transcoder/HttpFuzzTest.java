package dev.whirlwind.transcoder;

import dev.whirlwind.protocol.testing.Mutations;
import dev.whirlwind.protocol.testing.RawExchange;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of job requests, with a fixed budget: each is answered (202, 400 or 503, never a
 * 500 or silence). No tracker is configured, so accepted jobs fail fast without touching FFmpeg.
 */
class HttpFuzzTest {
  @TempDir Path dir;
  private TranscoderDaemon daemon;

  @BeforeEach
  void start() throws Exception {
    daemon = TestTranscoders.start(dir, Map.of());
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  @Test
  void mutatedJobRequestsAreAllAnswered() throws Exception {
    Mutations m =
        new Mutations(
            31L,
            List.of(
                "{\"sourceContentId\":\""
                    + "ef".repeat(32)
                    + "\",\"profile\":{\"name\":\"360p\",\"videoCodec\":\"h264\",\"width\":640,"
                    + "\"height\":360,\"bitrateBytesPerSecond\":100000,\"frameRate\":\"30000/1001\","
                    + "\"audioCodec\":\"aac\",\"container\":\"hls\",\"segmentSeconds\":4,"
                    + "\"accelerator\":\"cpu\"},\"acceptClosest\":true,\"trackerUrls\":[],"
                    + "\"cacheUrls\":[]}"));
    for (int i = 0; i < 400; i++) {
      RawExchange.assertAnswered(
          daemon.address().getPort(),
          RawExchange.request(
              "POST /v1/jobs HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer tok\r\n"
                  + "Connection: close\r\nContent-Type: application/json\r\n",
              m.next()));
    }
  }
}
