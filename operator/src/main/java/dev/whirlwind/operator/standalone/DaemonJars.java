package dev.whirlwind.operator.standalone;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the daemons' jars are: {@code <home>/<module>/target/<module>.jar}, home being the checkout
 * the launcher built (system property {@code whirlwind.home}, else the one this operator jar lies
 * in). Not an environment variable: {@code WHIRLWIND_*} ones are config keys, and the daemons
 * refuse ones they do not know.
 */
public record DaemonJars(Path home) {
  public static final String HOME_PROPERTY = "whirlwind.home";

  public static DaemonJars locate(String home) {
    if (home != null && !home.isBlank()) {
      return new DaemonJars(Path.of(home).toAbsolutePath().normalize());
    }
    try {
      Path self =
          Path.of(DaemonJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // .../operator/target/operator.jar or .../operator/target/classes
      return new DaemonJars(self.getParent().getParent().getParent());
    } catch (URISyntaxException | NullPointerException e) {
      return new DaemonJars(Path.of("").toAbsolutePath());
    }
  }

  public Path jar(String module) {
    return home.resolve(module).resolve("target").resolve(module + ".jar");
  }

  /** Fails naming the first missing jar and how to build it. */
  public void check(Iterable<String> modules) {
    for (String m : modules) {
      if (!Files.isRegularFile(jar(m))) {
        throw new IllegalStateException(
            "no "
                + jar(m)
                + "; build the daemons first: ./mvnw -DskipTests -pl "
                + m
                + " -am package (the ./whirlwind launcher does this on first use)");
      }
    }
  }
}
