package dev.whirlwind.operator.standalone;

import dev.whirlwind.protocol.config.ConfigKeys;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One daemon JVM started from its jar and config, its output appended to its log. */
final class ChildProcess {
  /** SIGTERM gives a daemon this long to drain before it is killed. */
  static final int STOP_SECONDS = 20;

  /** A marker on every child's command line: leftovers of a killed run are found by it. */
  static final String MARKER = "-Dwhirlwind.standalone=";

  final ChildSpec spec;
  final Process process;
  final Path log;

  private ChildProcess(ChildSpec spec, Process process, Path log) {
    this.spec = spec;
    this.process = process;
    this.log = log;
  }

  static ChildProcess start(ChildSpec spec, Path jar, Path config, Path log, Path workDir)
      throws IOException {
    WorkDir.writeAtomically(config, spec.configYaml());
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + spec.heapMegabytes() + "m");
    command.add("-XX:+UseSerialGC");
    // Out of memory, a daemon only looks alive: exit, and the supervisor restarts it.
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add(MARKER + workDir);
    // JavaCPP unpacks FFmpeg's natives here once, not under the user's home.
    command.add("-Dorg.bytedeco.javacpp.cachedir=" + workDir.resolve("javacpp"));
    command.add("-jar");
    command.add(jar.toString());
    command.add("--config");
    command.add(config.toString());
    Files.writeString(
        log,
        "---- " + java.time.Instant.now() + " starting " + spec.name() + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    ProcessBuilder b =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    // The config file is the whole config: WHIRLWIND_* variables meant for the operator would be
    // read (or refused as unknown) by the daemon.
    b.environment().keySet().removeIf(ConfigKeys::isConfigVariable);
    Process p = b.start();
    return new ChildProcess(spec, p, log);
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGTERM, then SIGKILL after {@link #STOP_SECONDS}; returns once the process is gone. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The last lines of its log, for a message saying why it stopped. */
  String logTail(int lines) {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long len = f.length();
      long from = Math.max(0, len - 4096);
      f.seek(from);
      byte[] bytes = new byte[(int) (len - from)];
      f.readFully(bytes);
      String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n");
      int start = Math.max(0, all.length - lines);
      return String.join("\n", java.util.Arrays.asList(all).subList(start, all.length));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
