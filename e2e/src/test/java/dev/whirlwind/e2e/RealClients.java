package dev.whirlwind.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /**
   * transmission-cli downloading one torrent into {@code downloads}, its output in {@code log}: no
   * DHT, LSD, PEX, uTP or port forwarding, bound to loopback, so that its only sources are the
   * torrent's tracker and web seeds.
   */
  static Process startTransmission(Path dir, Path torrent, Path downloads, Path log)
      throws IOException {
    Path settings = Files.createDirectories(dir.resolve("transmission"));
    Files.writeString(
        settings.resolve("settings.json"),
        """
        {"dht-enabled": false, "lpd-enabled": false, "pex-enabled": false,
         "utp-enabled": false, "port-forwarding-enabled": false,
         "bind-address-ipv4": "127.0.0.1", "bind-address-ipv6": "::1"}
        """);
    return new ProcessBuilder(
            "transmission-cli",
            "-g",
            settings.toString(),
            "-w",
            downloads.toString(),
            "-p",
            Integer.toString(DaemonProcess.freePort()),
            torrent.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
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
