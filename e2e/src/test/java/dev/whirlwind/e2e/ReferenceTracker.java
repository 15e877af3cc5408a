package dev.whirlwind.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code bittorrent-tracker}'s own server, the reference WebSocket tracker, run with the machine's
 * Node. Installed from npm with {@code --ignore-scripts}: a native WebRTC module of its client
 * would download a binary, and the server needs none.
 */
final class ReferenceTracker {
  private ReferenceTracker() {}

  /** Installs {@code bittorrent-tracker@version} under {@code dir}; returns the package root. */
  static Path install(Path dir, String version) throws Exception {
    Files.createDirectories(dir);
    Commands.run(
        List.of(
            "npm",
            "install",
            "--prefix",
            dir.toString(),
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "bittorrent-tracker@" + version),
        300);
    Files.writeString(
        dir.resolve("server.mjs"),
        String.join(
            "\n",
            // The server alone: the package's index loads the client's native WebRTC module.
            "import Server from 'bittorrent-tracker/server'",
            "const port = Number(process.argv[2])",
            // Ten minutes, the reference's default: browsers are told a fifth of it, 120 s.
            "const server = new Server({ udp: false, http: false, ws: true, stats: false,"
                + " interval: 600000 })",
            "server.on('error', e => { console.error(e); process.exit(1) })",
            "server.on('warning', () => {})",
            "server.listen(port, '127.0.0.1', () => console.log('listening'))",
            ""));
    return dir;
  }

  /** Starts the reference server on {@code port} and waits until it takes connections. */
  static Process start(Path dir, int port, Path log) throws Exception {
    Process p =
        new ProcessBuilder("node", dir.resolve("server.mjs").toString(), String.valueOf(port))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      awaitPort(port, Duration.ofSeconds(30));
    } catch (AssertionError e) {
      p.destroyForcibly();
      throw new AssertionError(e.getMessage() + ":\n" + Files.readString(log), e);
    }
    return p;
  }

  /** Waits until something accepts TCP connections on loopback {@code port}. */
  static void awaitPort(int port, Duration limit) {
    try {
      await()
          .atMost(limit)
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(
              () -> {
                try (Socket s = new Socket()) {
                  s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                  return true;
                }
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("nothing listens on 127.0.0.1:" + port + " after " + limit, e);
    }
  }
}
