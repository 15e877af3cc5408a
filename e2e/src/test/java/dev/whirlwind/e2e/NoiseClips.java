package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Test videos made by the transcoder jar's own generator, so e2e needs no FFmpeg of its own. */
final class NoiseClips {
  private NoiseClips() {}

  /** A 320x240, 25 fps H.264 + AAC MP4 of noise, {@code seconds} long. */
  static Path make(Path dir, String name, int seconds) throws Exception {
    Path out = dir.resolve(name);
    Path jar = RenderCommandTest.ROOT.resolve("transcoder-daemon/target/transcoder-daemon.jar");
    Process gen =
        new ProcessBuilder(
                "java",
                "-Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("javacpp"),
                "-cp",
                jar.toString(),
                "dev.whirlwind.transcoder.media.NoiseClip",
                out.toString(),
                "mp4",
                "libx264",
                "320",
                "240",
                "25",
                Integer.toString(seconds),
                "aac")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    assertThat(gen.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(gen.exitValue()).as(Files.readString(dir.resolve(name + ".log"))).isZero();
    return out;
  }
}
