package dev.whirlwind.server.http;

import dev.whirlwind.server.IoTransport;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A daemon's client port and, when it has one, its admin port: the same pipeline on both, the admin
 * API only on the second. Without an admin port the client port serves everything, as in standalone
 * mode, where only this machine reaches either.
 */
public final class HttpPorts implements AutoCloseable {
  private final HttpSurface clients;
  private final HttpSurface admin;

  private HttpPorts(HttpSurface clients, HttpSurface admin) {
    this.clients = clients;
    this.admin = admin;
  }

  /**
   * Binds {@code spec}'s address for clients and, when {@code adminPort} is not 0, that port on the
   * same interface for the admin API; either failing is an {@link IOException} naming the port.
   */
  public static HttpPorts bind(
      IoTransport transport, EventLoopGroup group, HttpSurface.Spec spec, int adminPort)
      throws IOException {
    if (adminPort == 0) {
      return new HttpPorts(HttpSurface.bind(transport, group, spec.at(spec.address(), true)), null);
    }
    HttpSurface clients = HttpSurface.bind(transport, group, spec.at(spec.address(), false));
    try {
      InetSocketAddress at = new InetSocketAddress(spec.address().getAddress(), adminPort);
      return new HttpPorts(clients, HttpSurface.bind(transport, group, spec.at(at, true)));
    } catch (IOException | RuntimeException e) {
      clients.close();
      throw e;
    }
  }

  /** The port clients reach. */
  public HttpSurface clients() {
    return clients;
  }

  /** Where the admin API answers: the admin port, or the client port when there is none. */
  public InetSocketAddress adminAddress() {
    return (admin == null ? clients : admin).address();
  }

  /** Stops accepting on both ports. */
  @Override
  public void close() {
    clients.close();
    if (admin != null) {
      admin.close();
    }
  }
}
