package dev.whirlwind.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.content.ContentId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientDocumentsTest {
  static final ContentId ID = new ContentId("cd".repeat(32));

  @Test
  void theOwningShardsUdpTrackerComesFirstAndHttpIsTheFallbackTier() {
    ClientDocuments docs = new ClientDocuments(List.of("http://tracker-0:6969"), 0, 6969);
    assertThat(docs.announceTiers(ID))
        .containsExactly(
            List.of("udp://tracker-0:6969/announce"), List.of("http://tracker-0:6969/announce"));
  }

  @Test
  void withoutAUdpTrackerThereIsOneTier() {
    ClientDocuments docs = new ClientDocuments(List.of("http://tracker-0:6969/"), 0, 0);
    assertThat(docs.announceTiers(ID)).containsExactly(List.of("http://tracker-0:6969/announce"));
  }

  @Test
  void anIpv6ShardKeepsItsBrackets() {
    ClientDocuments docs = new ClientDocuments(List.of("http://[::1]:7000"), 0, 7001);
    assertThat(docs.announceTiers(ID).get(0)).containsExactly("udp://[::1]:7001/announce");
  }
}
