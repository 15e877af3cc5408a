package dev.whirlwind.e2e.kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.e2e.Commands;
import java.nio.file.Path;
import java.util.List;

/**
 * FFmpeg's ffprobe, the binary JavaCV ships, run on a file: every frame counted, streams as JSON.
 * The e2e module does not link JavaCV, so a child JVM on the transcoder's jar finds the binary.
 */
public final class Ffprobe {
  static final Path TRANSCODER_JAR =
      Path.of(System.getProperty("whirlwind.root", ".."))
          .resolve("transcoder-daemon/target/transcoder-daemon.jar");

  private Ffprobe() {}

  /** Child JVM: prints the path of the ffprobe executable JavaCPP unpacked. */
  public static void main(String[] args) throws Exception {
    Class<?> loader = Class.forName("org.bytedeco.javacpp.Loader");
    Object path =
        loader
            .getMethod("load", Class.class)
            .invoke(null, Class.forName("org.bytedeco.ffmpeg.ffprobe"));
    System.out.println(path);
  }

  static JsonNode streams(Path media, Path javacppCache) throws Exception {
    String classpath =
        TRANSCODER_JAR
            + ":"
            + Path.of(Ffprobe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String binary =
        Commands.run(
                List.of(
                    "java",
                    "-Dorg.bytedeco.javacpp.cachedir=" + javacppCache,
                    "-cp",
                    classpath,
                    Ffprobe.class.getName()),
                300)
            .lines()
            .reduce((a, b) -> b)
            .orElseThrow();
    String out =
        Commands.run(
            List.of(
                binary,
                "-v",
                "error",
                "-count_frames",
                "-show_streams",
                "-of",
                "json",
                media.toString()),
            120);
    return new ObjectMapper().readTree(out).get("streams");
  }
}
