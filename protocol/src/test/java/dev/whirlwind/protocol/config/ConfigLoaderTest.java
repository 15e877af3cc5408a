package dev.whirlwind.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whirlwind.protocol.cache.CacheDaemonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private CacheDaemonConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(CacheDaemonConfig.class, CacheDaemonConfig.defaults(), file, env);
  }

  @Test
  void fileOverridesDefaultsAndKeepsTheRest() throws Exception {
    CacheDaemonConfig c = load("port: 9090\neviction:\n  policy: lru\n", Map.of());
    assertThat(c.port()).isEqualTo(9090);
    assertThat(c.eviction().policy()).isEqualTo("lru");
    assertThat(c.eviction().highWatermarkPercent()).isEqualTo(90);
    assertThat(c.dataDir()).isEqualTo(CacheDaemonConfig.defaults().dataDir());
  }

  @Test
  void environmentOverridesTheFileWithNestingAndLists() throws Exception {
    CacheDaemonConfig c =
        load(
            "port: 9090\n",
            Map.of(
                "WHIRLWIND_PORT", "7070",
                "WHIRLWIND_EVICTION__LOW_WATERMARK_PERCENT", "50",
                "WHIRLWIND_ALLOWED_ORIGIN_NETWORKS", "10.0.0.0/8, 192.168.0.0/16",
                "WHIRLWIND_TRACKERS", "http://t0:6969, http://t1:6969; http://u0:6969",
                "PATH", "/usr/bin"));
    assertThat(c.port()).isEqualTo(7070);
    assertThat(c.eviction().lowWatermarkPercent()).isEqualTo(50);
    assertThat(c.allowedOriginNetworks()).containsExactly("10.0.0.0/8", "192.168.0.0/16");
    assertThat(c.trackers())
        .containsExactly(List.of("http://t0:6969", "http://t1:6969"), List.of("http://u0:6969"));
  }

  @Test
  void unknownFileKeyIsNamed() {
    assertThatThrownBy(() -> load("eviction:\n  polcy: lru\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'eviction.polcy'")
        .hasMessageContaining("unknown key");
  }

  @Test
  void loggingVariablesAreLeftToLogging() throws Exception {
    CacheDaemonConfig c =
        load(
            "port: 9090\n",
            Map.of("WHIRLWIND_LOG_LEVEL", "DEBUG", "WHIRLWIND_ACCESS_LOG_LEVEL", "OFF"));
    assertThat(c.port()).isEqualTo(9090);
  }

  @Test
  void unknownEnvironmentVariableIsNamed() {
    assertThatThrownBy(() -> load("", Map.of("WHIRLWIND_PROT", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("WHIRLWIND_PROT");
  }

  @Test
  void badTypeIsNamed() {
    assertThatThrownBy(() -> load("", Map.of("WHIRLWIND_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'port'")
        .hasMessageContaining("eighty");
  }

  @Test
  void outOfRangeValueIsNamed() {
    assertThatThrownBy(() -> load("defaultShareBytesPerSecond: 1000\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'defaultShareBytesPerSecond'")
        .hasMessageContaining("1000");
    assertThatThrownBy(() -> load("transport: dpdk\n", Map.of()))
        .hasMessageContaining("'transport'");
    assertThatThrownBy(() -> load("eviction:\n  lowWatermarkPercent: 95\n", Map.of()))
        .hasMessageContaining("'eviction.lowWatermarkPercent'");
    assertThatThrownBy(() -> load("trackers: [[ftp://x]]\n", Map.of()))
        .hasMessageContaining("'trackers'");
    assertThatThrownBy(() -> load("trackers: [[]]\n", Map.of())).hasMessageContaining("'trackers'");
  }

  @Test
  void renderedYamlLoadsBackToTheSameRecord() throws Exception {
    CacheDaemonConfig original =
        new CacheDaemonConfig(
            "::",
            8081,
            8082,
            "http://cache-0.cache:8081",
            "https://cache-0.video.example.com",
            "/run/token",
            "/data",
            10L << 30,
            "io_uring",
            50_000_000,
            65_536,
            new CacheDaemonConfig.Eviction("fifo", 95, 70),
            List.of("10.0.0.0/8"),
            4,
            600,
            5,
            List.of(
                List.of("http://films-tracker-0.films:6969", "http://films-tracker-1.films:6969"),
                List.of("http://news-tracker-0.news:6969")),
            15,
            8,
            new HttpLimits(2000, 100, 4, 5, 30, 20, 40, 4096, 8192, 65_536),
            500,
            200);
    assertThat(load(ConfigYaml.write(original), Map.of())).isEqualTo(original);
  }

  @Test
  void helpListsEveryKeyWithItsVariableAndDefault() {
    String help =
        ConfigHelp.render("cache-daemon", CacheDaemonConfig.class, CacheDaemonConfig.defaults());
    for (ConfigKeys.Key key : ConfigKeys.of(CacheDaemonConfig.class)) {
      assertThat(help).contains(key.dotted() + "  [" + key.envVar() + "]");
    }
    assertThat(help).contains("WHIRLWIND_EVICTION__HIGH_WATERMARK_PERCENT]  default: 90");
    assertThat(help).contains("WHIRLWIND_BANDWIDTH_BYTES_PER_SECOND]  default: 125000000");
  }
}
