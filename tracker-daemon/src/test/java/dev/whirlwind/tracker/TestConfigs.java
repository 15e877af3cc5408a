package dev.whirlwind.tracker;

import dev.whirlwind.protocol.tracker.TrackerDaemonConfig;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.List;

/** Tracker configurations for tests: loopback, ephemeral ports, one event loop. */
public final class TestConfigs {
  private TestConfigs() {}

  public static TrackerDaemonConfig tracker(Path state, String bind, int udpPort) {
    return tracker(
        state,
        bind,
        udpPort,
        state.resolve("admin-token").toString(),
        List.of("http://127.0.0.1:6969"));
  }

  public static TrackerDaemonConfig tracker(
      Path state, String bind, int udpPort, String tokenFile, List<String> shardUrls) {
    return new TrackerDaemonConfig(
        bind,
        0,
        0,
        udpPort,
        "epoll",
        1,
        300,
        60,
        2,
        50,
        200,
        64,
        state.toString(),
        tokenFile,
        30,
        60,
        40,
        262_144,
        0,
        shardUrls,
        List.of(),
        1000,
        10_000,
        100_000,
        dev.whirlwind.protocol.config.HttpLimits.defaults(4096, 1024),
        dev.whirlwind.protocol.tracker.WebSocketTrackerConfig.defaults());
  }

  /** A UDP port free right now on loopback. */
  public static int freeUdpPort() throws SocketException {
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
