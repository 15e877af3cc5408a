package dev.whirlwind.cache.download;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An origin on loopback that answers every request in one broken way. Each misbehaviour is bounded
 * (lines written, time held) so a test that fails cannot hang the build.
 */
final class HostileOrigin implements AutoCloseable {
  enum Mode {
    /** {@code HTTP/1.1 2x0 OK}: not a status code. */
    BAD_STATUS,
    /** Header lines without end (up to a million). */
    ENDLESS_HEADERS,
    /** A 206 whose Content-Length is not a number. */
    BAD_LENGTH,
    /** The connection is reset as soon as the request arrives. */
    RESET,
    /** The request is read and never answered (held up to 60 s). */
    STALL,
    /** Not HTTP at all. */
    GARBAGE
  }

  private final ServerSocket server;
  private final Mode mode;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  HostileOrigin(Mode mode) throws IOException {
    this.mode = mode;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/v.mp4";
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        threads.execute(() -> answer(s));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void answer(Socket s) {
    try (s) {
      s.setSoTimeout(60_000);
      var in = s.getInputStream();
      // Read the request head.
      int matched = 0;
      for (int c; matched < 4 && (c = in.read()) >= 0; ) {
        matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
      }
      OutputStream out = s.getOutputStream();
      switch (mode) {
        case BAD_STATUS -> out.write(ascii("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n"));
        case ENDLESS_HEADERS -> {
          out.write(ascii("HTTP/1.1 206 Partial Content\r\n"));
          byte[] line = ascii("X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
          for (int i = 0; i < 1_000_000; i++) {
            out.write(line);
          }
        }
        case BAD_LENGTH ->
            out.write(ascii("HTTP/1.1 206 Partial Content\r\nContent-Length: lots\r\n\r\nxx"));
        case RESET -> s.setSoLinger(true, 0);
        case STALL -> in.read();
        case GARBAGE -> out.write(new byte[] {0, 1, 2, 3, '\n', 5, 6, '\n', '\n'});
      }
      out.flush();
    } catch (IOException expected) {
      // The cache hung up on us: what a hostile origin should expect.
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
