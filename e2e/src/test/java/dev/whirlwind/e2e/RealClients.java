package dev.whirlwind.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real clients system tests drive. {@code .ci/run} installs them, so under CI a missing client
 * fails the test; on a developer's machine without them the test is skipped with the package name
 * to install.
 */
final class RealClients {
  static final String PYTHON = "/usr/bin/python3";

  private RealClients() {}

  static void requireLibtorrent() {
    require(List.of(PYTHON, "-c", "import libtorrent"), "python3-libtorrent");
  }

  static void requireAria2() {
    require(List.of("aria2c", "--version"), "aria2");
  }

  static void requireTransmission() {
    require(List.of("transmission-cli", "--version"), "transmission-cli");
  }

  static void requireChromium() {
    require(List.of(HeadlessChromium.BROWSER, "--version"), "chromium");
    require(List.of(HeadlessChromium.DRIVER, "--version"), "chromium-driver");
  }

  private static void require(List<String> probe, String debianPackage) {
    boolean present;
    try {
      Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
      present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    if (!present) {
      String message = debianPackage + " is not installed (apt-get install " + debianPackage + ")";
      if (System.getenv("CI") != null) {
        fail(message + "; .ci/run must install it");
      }
      assumeTrue(false, message + "; skipping");
    }
  }
}
