package dev.whirlwind.operator.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.whirlwind.operator.render.Manifests;
import dev.whirlwind.protocol.cache.CacheDaemonConfig;
import dev.whirlwind.protocol.config.ConfigLoader;
import dev.whirlwind.protocol.tracker.TrackerDaemonConfig;
import dev.whirlwind.protocol.transcode.TranscoderDaemonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackPlacementTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path dir;

  private LoopbackPlacement.Paths paths() {
    return new LoopbackPlacement.Paths() {
      @Override
      public Path data(String daemon) {
        return dir.resolve("daemons").resolve(daemon);
      }

      @Override
      public Path tokenFile() {
        return dir.resolve("token");
      }
    };
  }

  private LoopbackPlacement.Placement quickstart(PortBook ports) throws Exception {
    Manifests m =
        Manifests.parse(Files.readString(ROOT.resolve("examples/quickstart.yaml")), "default");
    return LoopbackPlacement.place(m, ports, paths(), false);
  }

  private static JsonNode yaml(ChildSpec s) throws Exception {
    return new YAMLMapper().readTree(s.configYaml());
  }

  /** The config as the daemon itself would load it: every check it makes passes. */
  private <T extends dev.whirlwind.protocol.config.ValidatedConfig> T load(
      ChildSpec s, Class<T> type, T defaults) throws Exception {
    Path file = Files.writeString(dir.resolve(s.name() + ".yaml"), s.configYaml());
    return ConfigLoader.load(type, defaults, file, Map.of());
  }

  @Test
  void theQuickstartRunsATrackerTwoCachesAndATranscoderPerProfileOnLoopback() throws Exception {
    LoopbackPlacement.Placement p = quickstart(PortBook.open(dir.resolve("ports.json"), 7610));
    assertThat(p.children())
        .extracting(ChildSpec::name)
        .containsExactly(
            "quickstart-tracker-0",
            "quickstart-cache-0",
            "quickstart-cache-1",
            "360p-h264-transcoder-0",
            "360p-hls-transcoder-0");
    assertThat(p.children())
        .extracting(ChildSpec::baseUrl)
        .containsExactly(
            "http://127.0.0.1:7610",
            "http://127.0.0.1:7611",
            "http://127.0.0.1:7612",
            "http://127.0.0.1:7613",
            "http://127.0.0.1:7614");
    assertThat(p.locator().trackerShard("default", "quickstart", 0))
        .isEqualTo("http://127.0.0.1:7610");
    assertThat(p.locator().cacheNode("default", "quickstart", 1))
        .isEqualTo("http://127.0.0.1:7612");
    assertThat(p.locator().transcoders("default", "360p-hls"))
        .containsExactly("http://127.0.0.1:7614");

    TrackerDaemonConfig tracker =
        load(p.children().get(0), TrackerDaemonConfig.class, TrackerDaemonConfig.defaults());
    assertThat(tracker.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(tracker.httpPort()).isEqualTo(7610);
    assertThat(tracker.udpPort()).isEqualTo(7610);
    assertThat(tracker.shardUrls()).containsExactly("http://127.0.0.1:7610");
    assertThat(tracker.announceIntervalSeconds()).as("the manifest's, rendered").isEqualTo(30);
    assertThat(tracker.stateDir())
        .isEqualTo(dir.resolve("daemons/quickstart-tracker-0").toString());

    CacheDaemonConfig cache =
        load(p.children().get(2), CacheDaemonConfig.class, CacheDaemonConfig.defaults());
    assertThat(cache.port()).isEqualTo(7612);
    assertThat(cache.publicBaseUrl()).isEqualTo("http://127.0.0.1:7612");
    assertThat(cache.trackers()).containsExactly(List.of("http://127.0.0.1:7610"));
    assertThat(cache.bandwidthBytesPerSecond()).isEqualTo(12_500_000L);
    assertThat(cache.capacityBytes()).isEqualTo(2L << 30);
    assertThat(cache.allowedOriginNetworks()).contains("127.0.0.0/8");
    assertThat(cache.adminTokenFile()).isEqualTo(dir.resolve("token").toString());

    TranscoderDaemonConfig hls =
        load(p.children().get(4), TranscoderDaemonConfig.class, TranscoderDaemonConfig.defaults());
    assertThat(hls.name()).isEqualTo("360p-hls-transcoder-0");
    assertThat(hls.gpuSessions()).isZero();
    assertThat(hls.profiles()).hasSize(1);
    assertThat(yaml(p.children().get(4)).path("port").asInt()).isEqualTo(7614);
  }

  @Test
  void theSameManifestsGiveTheSameChildrenAndAnEditChangesOnlyWhatItTouches() throws Exception {
    PortBook ports = PortBook.open(dir.resolve("ports.json"), 7610);
    LoopbackPlacement.Placement a = quickstart(ports);
    LoopbackPlacement.Placement b = quickstart(PortBook.open(dir.resolve("ports.json"), 7610));
    assertThat(b.children()).isEqualTo(a.children());

    String edited =
        Files.readString(ROOT.resolve("examples/quickstart.yaml"))
            .replace("bandwidthBytesPerSecond: 12500000", "bandwidthBytesPerSecond: 25000000");
    LoopbackPlacement.Placement c =
        LoopbackPlacement.place(Manifests.parse(edited, "default"), ports, paths(), false);
    for (int i = 0; i < a.children().size(); i++) {
      boolean cache = a.children().get(i).name().contains("-cache-");
      assertThat(c.children().get(i).sameAs(a.children().get(i)))
          .as(a.children().get(i).name())
          .isEqualTo(!cache);
    }
  }

  @Test
  void aManifestAskingForTooManyDaemonsIsRefused() throws Exception {
    String many =
        Files.readString(ROOT.resolve("examples/quickstart.yaml"))
            .replace("  replicas: 2\n  storage:", "  replicas: 40\n  storage:");
    assertThatThrownBy(
            () ->
                LoopbackPlacement.place(
                    Manifests.parse(many, "default"),
                    PortBook.open(dir.resolve("ports.json"), 7610),
                    paths(),
                    false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("43 daemons")
        .hasMessageContaining("at most " + LoopbackPlacement.MAX_DAEMONS);
  }

  @Test
  void gpuProfilesGetTheGpuOnlyWhereThereIsOne() throws Exception {
    String auto =
        Files.readString(ROOT.resolve("examples/quickstart.yaml"))
            .replace("  accelerator: cpu\n", "  accelerator: auto\n  gpu:\n    count: 1\n");
    Manifests m = Manifests.parse(auto, "default");
    PortBook ports = PortBook.open(dir.resolve("ports.json"), 7610);
    ChildSpec withGpu = LoopbackPlacement.place(m, ports, paths(), true).children().get(3);
    ChildSpec without = LoopbackPlacement.place(m, ports, paths(), false).children().get(3);
    assertThat(withGpu.role()).endsWith("(gpu)");
    assertThat(yaml(withGpu).path("gpuSessions").asInt()).isPositive();
    assertThat(without.role()).endsWith("(cpu)");
    assertThat(yaml(without).path("gpuSessions").asInt()).isZero();
  }
}
