package dev.whirlwind.cache.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.content.ContentId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogTest {
  private static final ContentId ID = new ContentId("ab".repeat(32));
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Logger logger =
      (Logger) LoggerFactory.getLogger("test.access." + System.nanoTime());
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();

  @BeforeEach
  void capture() {
    events.start();
    logger.addAppender(events);
    logger.setAdditive(false);
  }

  @AfterEach
  void release() {
    logger.detachAppender(events);
  }

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (ILoggingEvent e : events.list) {
      for (String line : e.getFormattedMessage().split("\n")) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  @Test
  void aLineIsOneFlatJsonObjectWithTypedValuesAndTheClientsHeaderEscaped() throws Exception {
    String forged = "bytes=0-1\"}\n{\"status\":200";
    String line =
        AccessLog.line(
            1_700_000_000_000L, ID, 206, forged, 2, 2, 5, new InetSocketAddress("127.0.0.1", 4242));
    assertThat(line).doesNotContain("\n");
    JsonNode n = JSON.readTree(line);
    assertThat(n.get("message").asText()).isEqualTo("served");
    assertThat(n.get("content").asText()).isEqualTo(ID.hex());
    assertThat(n.get("status").isInt()).isTrue();
    assertThat(n.get("status").asInt()).isEqualTo(206);
    assertThat(n.get("range").asText()).isEqualTo(forged);
    assertThat(n.get("bytes").asLong()).isEqualTo(2);
    assertThat(n.get("complete").asBoolean()).isTrue();
    assertThat(n.get("millis").asLong()).isEqualTo(5);
    assertThat(n.get("client").asText()).isEqualTo("/127.0.0.1:4242");
    assertThat(n.get("timestamp").asLong()).isEqualTo(1_700_000_000_000L);
  }

  @Test
  void linesAreWrittenInBatchesAndWhatIsQueuedAtCloseIsNotLost() throws Exception {
    // A writer that never runs on its own within the test: only drain() and close() write.
    AccessLog log = new AccessLog(logger, 100, 3_600_000);
    for (int i = 0; i < 3; i++) {
      log.served(ID, 200, null, 10, 20, System.nanoTime(), null);
    }
    log.drain();
    assertThat(events.list).hasSize(1);
    log.served(ID, 206, "bytes=0-9", 10, 10, System.nanoTime(), null);
    log.close();
    assertThat(events.list).hasSize(2);
    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0).get("complete").asBoolean()).isFalse();
    assertThat(lines.get(0).get("range").asText()).isEqualTo("-");
    assertThat(lines.get(3).get("range").asText()).isEqualTo("bytes=0-9");
  }

  @Test
  void pastItsBoundTheQueueDropsLinesAndCountsThem() throws Exception {
    AccessLog log = new AccessLog(logger, 5, 3_600_000);
    for (int i = 0; i < 8; i++) {
      log.served(ID, 200, null, 1, 1, System.nanoTime(), null);
    }
    assertThat(log.dropped()).isEqualTo(3);
    log.drain();
    assertThat(lines()).hasSize(5);
    // Drained: room again.
    log.served(ID, 200, null, 1, 1, System.nanoTime(), null);
    log.close();
    assertThat(lines()).hasSize(6);
    assertThat(log.dropped()).isEqualTo(3);
  }

  @Test
  void nothingIsQueuedWhenTheLoggerIsOff() throws Exception {
    logger.setLevel(ch.qos.logback.classic.Level.OFF);
    AccessLog log = new AccessLog(logger, 1, 3_600_000);
    for (int i = 0; i < 3; i++) {
      log.served(ID, 200, null, 1, 1, System.nanoTime(), null);
    }
    log.close();
    assertThat(events.list).isEmpty();
    assertThat(log.dropped()).isZero();
  }
}
