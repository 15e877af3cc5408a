package dev.whirlwind.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whirlwind.protocol.cache.CacheDaemonConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonCommandLineTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private CacheDaemonConfig parse(String... args) {
    return DaemonCommandLine.parse(
        "cache-daemon",
        args,
        CacheDaemonConfig.class,
        CacheDaemonConfig.defaults(),
        Map.of(),
        new PrintStream(out),
        new PrintStream(err));
  }

  @Test
  void helpListsTheKeysAndStartsNothing() {
    assertThat(parse("--help")).isNull();
    assertThat(out.toString())
        .contains("Usage: java -jar cache-daemon.jar --config FILE")
        .contains("WHIRLWIND_PORT");
  }

  @Test
  void aConfigFileIsLoaded(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, "port: 9999\n");
    assertThat(parse("--config", f.toString()).port()).isEqualTo(9999);
    assertThat(parse().port()).isEqualTo(8080);
  }

  @Test
  void mistakesAreNamedOnStderr(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> parse("--confg", "x"))
        .isInstanceOf(DaemonCommandLine.UsageError.class);
    assertThat(err.toString()).contains("unknown argument '--confg'");
    assertThatThrownBy(() -> parse("--config")).hasMessageContaining("needs a file");
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, "port: -1\n");
    assertThatThrownBy(() -> parse("--config", f.toString())).hasMessageContaining("'port'");
  }
}
