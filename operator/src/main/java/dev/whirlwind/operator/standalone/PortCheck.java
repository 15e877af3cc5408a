package dev.whirlwind.operator.standalone;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Whether a daemon's ports are free before it starts, so that a clash names port and daemon. */
final class PortCheck {
  private PortCheck() {}

  /** Null when every port is free, else a message naming the first taken one. */
  static String taken(ChildSpec spec) {
    for (int port : spec.tcpPorts()) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (IOException e) {
        return message("TCP", port, spec, e);
      }
    }
    for (int port : spec.udpPorts()) {
      try (DatagramSocket s = new DatagramSocket(null)) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (IOException e) {
        return message("UDP", port, spec, e);
      }
    }
    return null;
  }

  private static String message(String proto, int port, ChildSpec spec, IOException e) {
    return proto
        + " port "
        + port
        + " for "
        + spec.name()
        + " ("
        + spec.role()
        + ") is taken: "
        + e.getMessage()
        + "; free it or start with another --base-port";
  }
}
