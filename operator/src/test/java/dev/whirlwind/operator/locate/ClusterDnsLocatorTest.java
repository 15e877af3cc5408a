package dev.whirlwind.operator.locate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Cluster names: clients get the client ports, the operator's calls the admin ports. */
class ClusterDnsLocatorTest {
  private final ClusterDnsLocator locator = new ClusterDnsLocator();

  @Test
  void trackersAndCachesHaveTheirAdminApiOnTheirOwnPort() {
    String shard = locator.trackerShard("video", "films", 1);
    assertThat(shard).isEqualTo("http://films-tracker-1.films-tracker-shards.video.svc:6969");
    assertThat(locator.adminUrl(shard))
        .isEqualTo("http://films-tracker-1.films-tracker-shards.video.svc:6970");
    assertThat(locator.trackerShardAdminUrls("video", "films", 2))
        .containsExactly(
            "http://films-tracker-0.films-tracker-shards.video.svc:6970",
            "http://films-tracker-1.films-tracker-shards.video.svc:6970");

    String cache = locator.cacheNode("video", "edge", 0);
    assertThat(cache).isEqualTo("http://edge-cache-0.edge-cache-nodes.video.svc:8080");
    assertThat(locator.adminUrl(cache))
        .isEqualTo("http://edge-cache-0.edge-cache-nodes.video.svc:8081");
  }

  @Test
  void otherUrlsStayAsTheyAre() {
    // A transcoder's one port is its admin API; a mirror is nobody's admin API.
    assertThat(locator.adminUrl("http://10.1.2.3:8090")).isEqualTo("http://10.1.2.3:8090");
    assertThat(locator.adminUrl("http://mirror.example:8080"))
        .isEqualTo("http://mirror.example:8080");
    assertThat(locator.adminUrl("http://127.0.0.1:6969")).isEqualTo("http://127.0.0.1:6969");
  }
}
