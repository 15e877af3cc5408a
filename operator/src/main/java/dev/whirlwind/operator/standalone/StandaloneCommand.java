package dev.whirlwind.operator.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code whirlwind standalone -f FILE}: the whole system on this machine, until Ctrl-C. */
@Command(
    name = "standalone",
    description =
        "Run tracker, cache and transcoder daemons for the manifests on this machine (loopback),"
            + " with the operator's catalog driver and scheduler, until Ctrl-C.")
public final class StandaloneCommand implements Callable<Integer> {
  @Option(
      names = {"-f", "--filename"},
      required = true,
      description = "Manifest file with CachePool, VideoCatalog and TranscodeProfile documents.")
  Path file;

  @Option(
      names = "--work-dir",
      defaultValue = "whirlwind-data",
      description =
          "Where everything is kept; a second run resumes from it (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--port",
      defaultValue = "7600",
      description =
          "Loopback port of the console: its API and the sample origin the quickstart's"
              + " sources name (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--base-port",
      defaultValue = "7610",
      description = "Daemons get loopback ports from this one up (default: ${DEFAULT-VALUE}).")
  int basePort;

  @Option(
      names = "--solver",
      defaultValue = "exact",
      description =
          "How the scheduler divides a pool's bandwidth: exact or equal-split (the naive"
              + " baseline, to compare the two; default: ${DEFAULT-VALUE}).")
  String solver;

  @Option(
      names = "--ice-server",
      paramLabel = "URL[,USERNAME,CREDENTIAL]",
      description =
          "A STUN or TURN server the page's players use to reach each other (repeatable; none by"
              + " default, enough on one machine).")
  java.util.List<String> iceServers;

  @Option(
      names = "--plain",
      description =
          "Timestamped lines only, no live view (the default when stdout is no terminal).")
  boolean plain;

  @Override
  public Integer call() throws Exception {
    if (!java.util.List.of(
            dev.whirlwind.operator.OperatorConfig.Scheduler.EXACT,
            dev.whirlwind.operator.OperatorConfig.Scheduler.EQUAL_SPLIT)
        .contains(solver)) {
      System.err.println("error: --solver is exact or equal-split, not " + solver);
      return 1;
    }
    java.util.List<java.util.Map<String, String>> ice;
    try {
      ice = IceServers.parse(iceServers);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
    TerminalConsole terminal = plain ? null : TerminalConsole.open(Clock.systemUTC()).orElse(null);
    Console console =
        terminal != null ? terminal : new PlainConsole(System.out, Clock.systemDefaultZone());
    WorkDir dir;
    try {
      dir = WorkDir.open(workDir);
    } catch (IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
    StandaloneLogging.toFile(dir.log("standalone"));
    StandaloneRuntime runtime =
        new StandaloneRuntime(
            new StandaloneRuntime.Options(
                file,
                dir,
                DaemonJars.locate(System.getProperty(DaemonJars.HOME_PROPERTY)),
                port,
                basePort,
                hasNvidiaGpu(),
                solver,
                ice),
            console,
            Clock.systemUTC());
    Thread hook =
        new Thread(
            () -> {
              runtime.close();
              if (terminal != null) {
                terminal.close();
              }
              try {
                dir.close();
              } catch (java.io.IOException e) {
                // The lock goes with the process anyway.
              }
            },
            "standalone-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      runtime.start();
    } catch (StandaloneRuntime.StartException | IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    } catch (java.io.IOException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
    console.say("running; Ctrl-C stops every daemon");
    // Ctrl-C ends the JVM through the hook; this returns only when the run cannot go on.
    System.err.println("error: " + runtime.failure().get());
    return 1;
  }

  /** An NVIDIA device node: GPU profiles then get the GPU, otherwise the CPU. */
  static boolean hasNvidiaGpu() {
    return Files.exists(Path.of("/dev/nvidia0"));
  }
}
