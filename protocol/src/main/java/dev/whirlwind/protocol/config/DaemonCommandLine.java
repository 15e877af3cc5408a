package dev.whirlwind.protocol.config;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The command line every daemon shares: {@code --config FILE} and {@code --help}. Loads and
 * validates the configuration, or says what is wrong and exits with status 2.
 */
public final class DaemonCommandLine {
  private DaemonCommandLine() {}

  /**
   * @return the configuration, or null when {@code --help} was asked for (and printed)
   */
  public static <T extends ValidatedConfig> T parse(
      String daemon, String[] args, Class<T> type, T defaults, Map<String, String> env) {
    return parse(daemon, args, type, defaults, env, System.out, System.err);
  }

  static <T extends ValidatedConfig> T parse(
      String daemon,
      String[] args,
      Class<T> type,
      T defaults,
      Map<String, String> env,
      PrintStream out,
      PrintStream err) {
    Path config = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          out.print(ConfigHelp.render(daemon, type, defaults));
          return null;
        }
        case "--config" -> {
          if (i + 1 >= args.length) {
            throw exit(err, "--config needs a file");
          }
          config = Path.of(args[++i]);
        }
        default -> throw exit(err, "unknown argument '" + args[i] + "'; try --help");
      }
    }
    try {
      return ConfigLoader.load(type, defaults, config, env);
    } catch (ConfigException e) {
      throw exit(err, e.getMessage());
    }
  }

  private static UsageError exit(PrintStream err, String message) {
    err.println(message);
    return new UsageError(message);
  }

  /** A command line or configuration that stops start-up; {@code main} exits with 2. */
  public static final class UsageError extends RuntimeException {
    public UsageError(String message) {
      super(message);
    }
  }
}
