package dev.whirlwind.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A raw HTTP/1.1 connection for tests that must send exactly the bytes they mean. */
final class RawHttp implements AutoCloseable {
  /** One answer: status line, lower-cased head and body. */
  record Answer(int status, String head, String body) {
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  final Socket socket;

  RawHttp(InetAddress from, int port) throws IOException {
    socket = new Socket();
    socket.bind(new InetSocketAddress(from, 0));
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    socket.setSoTimeout(10_000);
  }

  RawHttp(int port) throws IOException {
    this(InetAddress.getLoopbackAddress(), port);
  }

  RawHttp send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  Answer exchange(String request) throws IOException {
    return send(request).read();
  }

  /** Reads one answer with a Content-Length body. */
  Answer read() throws IOException {
    return read(false);
  }

  /** Reads the head of an answer to HEAD, which has no body whatever its Content-Length. */
  Answer readHead() throws IOException {
    return read(true);
  }

  private Answer read(boolean headOnly) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      head.write(c);
      String h = head.toString(StandardCharsets.ISO_8859_1);
      if (h.endsWith("\r\n\r\n")) {
        break;
      }
    }
    String h = head.toString(StandardCharsets.ISO_8859_1);
    if (h.isEmpty()) {
      throw new IOException("the connection closed without an answer");
    }
    int status = Integer.parseInt(h.substring(9, 12));
    Answer partial = new Answer(status, h, "");
    String length = partial.header("content-length");
    byte[] body =
        length == null || headOnly ? new byte[0] : in.readNBytes(Integer.parseInt(length));
    return new Answer(status, h.toLowerCase(Locale.ROOT), new String(body, StandardCharsets.UTF_8));
  }

  /** True once the server closed the connection (end of stream or reset) within the timeout. */
  boolean closedByServer() throws IOException {
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
