package dev.whirlwind.tracker;

import dev.whirlwind.protocol.tracker.TrackerDaemonConfig;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.file.Path;

/** Tracker configurations for tests: loopback, ephemeral ports, one event loop. */
public final class TestConfigs {
  private TestConfigs() {}

  public static TrackerDaemonConfig tracker(Path state, String bind, int udpPort) {
    TrackerDaemonConfig d = TrackerDaemonConfig.defaults();
    return new TrackerDaemonConfig(
        bind,
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
        d.adminTokenFile(),
        0,
        d.shardUrls());
  }

  /** A UDP port free right now on loopback. */
  public static int freeUdpPort() throws SocketException {
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
