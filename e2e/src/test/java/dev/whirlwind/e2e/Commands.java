package dev.whirlwind.e2e;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command line run to its end: its output, or an AssertionError with the output when it fails.
 */
public final class Commands {
  private Commands() {}

  /** Whether {@code program} is an executable on the PATH. */
  public static boolean available(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code command} (stdout and stderr together) for at most {@code seconds}. */
  public static String run(List<String> command, int seconds) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    // Read on another thread: a command that never ends still ends the wait at its limit.
    var output =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getInputStream().readAllBytes());
              } catch (java.io.IOException e) {
                return "(output unreadable: " + e.getMessage() + ")";
              }
            });
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(String.join(" ", command) + " took over " + seconds + " s");
    }
    String out = output.get(10, TimeUnit.SECONDS);
    if (p.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " exited " + p.exitValue() + ":\n" + out);
    }
    return out;
  }
}
