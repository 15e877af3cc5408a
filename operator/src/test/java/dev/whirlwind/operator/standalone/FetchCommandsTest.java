package dev.whirlwind.operator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.crds.v1alpha1.ClientUrls;
import dev.whirlwind.crds.v1alpha1.RenditionStatus;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchCommandsTest {
  @Test
  void everyCommandEndsOnItsOwnAndEachReadyRenditionIsListed() {
    VideoStatus v = new VideoStatus();
    v.id = "sunrise";
    v.urls = new ClientUrls("http://t/a.torrent", "http://t/a.meta4", "http://t/r/a", null);
    RenditionStatus mp4 = new RenditionStatus();
    mp4.profile = "360p";
    mp4.phase = VideoPhase.Ready;
    mp4.urls = new ClientUrls("http://t/b.torrent", "http://t/b.meta4", "http://t/r/b", null);
    RenditionStatus hls = new RenditionStatus();
    hls.profile = "360p-hls";
    hls.phase = VideoPhase.Ready;
    hls.urls = new ClientUrls(null, null, "http://t/r/c", "http://t/r/c.m3u8");
    RenditionStatus pending = new RenditionStatus();
    pending.profile = "1080p";
    pending.phase = VideoPhase.Transcoding;
    v.renditions = List.of(mp4, hls, pending);

    List<String> lines = FetchCommands.of(v);
    assertThat(lines)
        .contains(
            "curl -fL -o sunrise.mp4 http://t/r/a",
            "aria2c --seed-time=0 --follow-metalink=mem http://t/a.meta4",
            "aria2c --seed-time=0 --follow-torrent=mem http://t/a.torrent",
            "curl -fL -o sunrise-360p.mp4 http://t/r/b",
            "# 360p-hls (HLS): play http://t/r/c.m3u8")
        .noneMatch(l -> l.contains("1080p"));
    // aria2c seeds forever after a torrent unless told otherwise.
    assertThat(lines)
        .filteredOn(l -> l.startsWith("aria2c"))
        .allMatch(l -> l.contains("--seed-time=0"));
  }
}
