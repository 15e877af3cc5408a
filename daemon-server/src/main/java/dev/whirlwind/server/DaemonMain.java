package dev.whirlwind.server;

import dev.whirlwind.protocol.config.DaemonCommandLine;
import dev.whirlwind.protocol.config.ValidatedConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every daemon's {@code main}: read the configuration (exit 2 on a bad one), start (exit 1, with
 * one line saying why, when the daemon cannot do its job: port taken, data directory unusable),
 * stop cleanly on SIGTERM, and halt at once on an {@link Error} such as OutOfMemoryError in any
 * thread, since a daemon in that state only looks alive.
 */
public final class DaemonMain {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonMain.class);

  /** Starts a daemon from its configuration. */
  @FunctionalInterface
  public interface Starter<C> {
    AutoCloseable start(C config) throws Exception;
  }

  private DaemonMain() {}

  public static <C extends ValidatedConfig> void run(
      String daemon, String[] args, Class<C> type, C defaults, Starter<C> starter)
      throws InterruptedException {
    C config;
    try {
      config = DaemonCommandLine.parse(daemon, args, type, defaults, System.getenv());
    } catch (DaemonCommandLine.UsageError e) {
      System.exit(2);
      return;
    }
    if (config == null) {
      return;
    }
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          if (e instanceof VirtualMachineError) {
            System.err.println(daemon + ": " + e + " in thread " + thread.getName() + "; halting");
            Runtime.getRuntime().halt(70);
          }
          LOG.error("thread {} died: {}", thread.getName(), e.toString(), e);
        });
    AutoCloseable running;
    try {
      running = starter.start(config);
    } catch (Exception e) {
      LOG.error("{} cannot start: {}", daemon, describe(e));
      LOG.debug("start-up failure", e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("{} shutting down", daemon);
                  try {
                    running.close();
                  } catch (Exception e) {
                    LOG.warn("{} did not stop cleanly: {}", daemon, describe(e));
                  }
                },
                "shutdown"));
    Thread.currentThread().join();
  }

  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      sb.append(": ").append(c.getMessage());
    }
    return sb.toString();
  }
}
