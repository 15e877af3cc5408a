package dev.whirlwind.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.tracker.source.Audience;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientDocumentsTest {
  static final ContentId ID = new ContentId("cd".repeat(32));

  private static ClientDocuments docs(String shard, int udpPort) {
    return new ClientDocuments(List.of(shard), List.of(), 0, udpPort);
  }

  @Test
  void theOwningShardsUdpTrackerComesFirstAndHttpIsTheFallbackTier() {
    assertThat(docs("http://tracker-0:6969", 6969).announceTiers(ID, Audience.CLIENTS))
        .containsExactly(
            List.of("udp://tracker-0:6969/announce"), List.of("http://tracker-0:6969/announce"));
  }

  @Test
  void withoutAUdpTrackerThereIsOneTier() {
    assertThat(docs("http://tracker-0:6969/", 0).announceTiers(ID, Audience.CLIENTS))
        .containsExactly(List.of("http://tracker-0:6969/announce"));
  }

  @Test
  void anIpv6ShardKeepsItsBrackets() {
    assertThat(docs("http://[::1]:7000", 7001).announceTiers(ID, Audience.CLIENTS).get(0))
        .containsExactly("udp://[::1]:7001/announce");
  }

  @Test
  void clientsAnnounceToTheShardsClientUrlsAndDaemonsToTheirOwn() {
    ClientDocuments docs =
        new ClientDocuments(
            List.of("http://films-tracker-0.nodes:6969", "http://films-tracker-1.nodes:6969"),
            List.of("https://t0.example.com", "https://t1.example.com/"),
            0,
            6969);
    int owner = dev.whirlwind.protocol.tracker.Shards.of(ID, 2);
    assertThat(docs.announceTiers(ID, Audience.CLIENTS))
        .containsExactly(
            List.of("udp://t" + owner + ".example.com:6969/announce"),
            List.of("https://t" + owner + ".example.com/announce"));
    assertThat(docs.announceUrl(ID, Audience.DAEMONS))
        .isEqualTo("http://films-tracker-" + owner + ".nodes:6969/announce");
  }
}
