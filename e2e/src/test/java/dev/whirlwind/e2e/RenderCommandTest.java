package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, run as a newcomer runs it: the packaged operator jar, as a process.
 */
class RenderCommandTest {
  static final Path ROOT = Path.of(System.getProperty("whirlwind.root", "..")).toAbsolutePath();
  static final Path JAR = ROOT.resolve("operator/target/operator.jar");

  record Result(int exitCode, String stdout, String stderr) {}

  static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("render", ".out");
    Path err = Files.createTempFile("render", ".err");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(ROOT.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("operator jar finished").isTrue();
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Test
  void quickstartRendersTheGoldenObjectsOnStdout() throws Exception {
    Result r = run("render", "-f", "examples/quickstart.yaml");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout())
        .isEqualTo(
            Files.readString(ROOT.resolve("operator/src/test/resources/golden/quickstart.yaml")));
  }

  @Test
  void aBrokenManifestFailsWithAMessageAndNoOutput(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad, "apiVersion: whirlwind.dev/v1alpha1\nkind: CachePol\nmetadata: {name: x}\n");
    Result r = run("render", "-f", bad.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).contains("unknown kind 'CachePol'");

    Result missing = run("render", "-f", dir.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("no such file");
  }

  @Test
  void runListsEveryConfigKeyWithItsEnvironmentVariable() throws Exception {
    Result r = run("run", "--help-config");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout())
        .contains("images.cache  [WHIRLWIND_IMAGES__CACHE]")
        .contains("leaderElection.enabled  [WHIRLWIND_LEADER_ELECTION__ENABLED]  default: true");
  }

  @Test
  void aBadConfigValueStopsStartUpNamingTheKey(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("operator.yaml");
    Files.writeString(config, "reconcileThreads: 0\n");
    Result r = run("run", "--config", config.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("'reconcileThreads'");
  }
}
