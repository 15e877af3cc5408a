package dev.whirlwind.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on another loopback address, standing for what puts a cache at a public address (an
 * Ingress, a load balancer): it forwards every connection to the daemon and counts the bytes it
 * carried back to clients. At most 32 connections at once; sockets time out after 60 s idle.
 */
final class LoopbackProxy implements AutoCloseable {
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newFixedThreadPool(64);
  private final AtomicLong toClients = new AtomicLong();

  private LoopbackProxy(ServerSocket server) {
    this.server = server;
  }

  /** Listens on {@code address}:any port and forwards to 127.0.0.1:{@code targetPort}. */
  static LoopbackProxy start(String address, int targetPort) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getByName(address), 0), 32);
    LoopbackProxy proxy = new LoopbackProxy(server);
    proxy.threads.execute(() -> proxy.accept(targetPort));
    return proxy;
  }

  private void accept(int targetPort) {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        Socket daemon = new Socket("127.0.0.1", targetPort);
        client.setSoTimeout(60_000);
        daemon.setSoTimeout(60_000);
        threads.execute(() -> pipe(client, daemon, null));
        threads.execute(() -> pipe(daemon, client, toClients));
      } catch (IOException e) {
        // The daemon is not there: this client is refused, as a load balancer would.
        try {
          client.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }
  }

  private static void pipe(Socket from, Socket to, AtomicLong counted) {
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        if (counted != null) {
          counted.addAndGet(n);
        }
      }
    } catch (IOException e) {
      // One side went: the other goes too.
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  String url() {
    return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
  }

  long bytesToClients() {
    return toClients.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
