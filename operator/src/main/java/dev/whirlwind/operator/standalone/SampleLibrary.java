package dev.whirlwind.operator.standalone;

import dev.whirlwind.protocol.config.ConfigKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sample clips the built-in origin serves, made on first use by the transcoder daemon's jar
 * (its JavaCV FFmpeg) in a child process: nothing comes from the network. A run cut short leaves no
 * half clip (the maker writes through a temporary file), so the next run finishes the job.
 */
final class SampleLibrary {
  static final String MAKER = "dev.whirlwind.transcoder.samples.SampleClips";
  static final int MAKE_SECONDS = 600;

  private SampleLibrary() {}

  /** Makes the clips missing from {@code dir}; fails with the maker's own words. */
  static void ensure(Path dir, DaemonJars jars, Path javacpp, Console console)
      throws IOException, InterruptedException {
    Path marker = dir.resolve(".complete");
    if (Files.exists(marker)) {
      return;
    }
    console.say("making the sample clips in " + dir + " with JavaCV's FFmpeg (first run only)");
    Path log = dir.resolve("make.log");
    ProcessBuilder b =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-Dorg.bytedeco.javacpp.cachedir=" + javacpp,
                    "-cp",
                    jars.jar("transcoder-daemon").toString(),
                    MAKER,
                    dir.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    b.environment().keySet().removeIf(ConfigKeys::isConfigVariable);
    Process p = b.start();
    boolean done;
    try {
      done = p.waitFor(MAKE_SECONDS, TimeUnit.SECONDS);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (!done || p.exitValue() != 0) {
      throw new IOException(
          "making the sample clips failed"
              + (done ? " (exit " + p.exitValue() + ")" : " (over " + MAKE_SECONDS + " s)")
              + ":\n"
              + output.strip());
    }
    // The maker prints "NAME BYTES" per clip; anything else is FFmpeg's chatter.
    for (String line : output.strip().split("\n")) {
      if (line.matches("[a-z0-9-]+\\.mp4 \\d+")) {
        String[] parts = line.split(" ");
        console.say("sample " + parts[0] + " (" + parts[1] + " bytes) ready");
      }
    }
    WorkDir.writeAtomically(marker, output);
  }
}
