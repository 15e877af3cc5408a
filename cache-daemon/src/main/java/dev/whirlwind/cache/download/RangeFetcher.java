package dev.whirlwind.cache.download;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A ranged HTTP/1.1 GET to an address the {@link OriginGuard} approved, not to whatever the name
 * resolves to later: the connection goes to the pinned address, with the original host in {@code
 * Host}, SNI and certificate checks. Redirects are followed (up to five), each target checked
 * again. The JDK's HTTP client cannot pin an address, hence this small client.
 */
final class RangeFetcher {
  static final int MAX_REDIRECTS = 5;

  /** An origin's response head past these bounds is a broken or hostile origin, not an answer. */
  static final int MAX_HEADER_LINES = 100;

  static final int MAX_HEAD_BYTES = 64 * 1024;

  /** An origin that answers with something that is not HTTP: that source fails, not the order. */
  static final class BadResponse extends IOException {
    BadResponse(String message) {
      super(message);
    }
  }

  /** A response: status, lower-case headers and body. */
  record Response(int status, Map<String, String> headers, byte[] body, URI finalUri) {}

  private final OriginGuard guard;
  private final int timeoutMillis;

  RangeFetcher(OriginGuard guard, int timeoutMillis) {
    this.guard = guard;
    this.timeoutMillis = timeoutMillis;
  }

  /** This fetcher, also trusting the given cache hosts although their addresses are private. */
  RangeFetcher trusting(java.util.Set<String> hostPorts) {
    return new RangeFetcher(guard.trusting(hostPorts), timeoutMillis);
  }

  Response get(URI uri, long first, long last) throws IOException, OriginGuard.Refused {
    URI current = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      InetAddress pinned = guard.resolve(current);
      Response r = once(current, pinned, first, last);
      if (r.status() / 100 == 3 && r.headers().containsKey("location")) {
        current = current.resolve(r.headers().get("location"));
        continue;
      }
      return r;
    }
    throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + uri);
  }

  private Response once(URI uri, InetAddress address, long first, long last) throws IOException {
    boolean tls = "https".equals(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(address, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      if (tls) {
        SSLSocket ssl;
        try {
          ssl =
              (SSLSocket)
                  SSLContext.getDefault()
                      .getSocketFactory()
                      .createSocket(socket, uri.getHost(), port, true);
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IOException(e);
        }
        SSLParameters p = ssl.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(uri.getHost())));
        p.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        socket = ssl;
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      if (uri.getRawQuery() != null) {
        path += "?" + uri.getRawQuery();
      }
      String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nRange: bytes="
                  + first
                  + "-"
                  + last
                  + "\r\nUser-Agent: whirlwind-cache\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // Small: it only serves the header lines; a body read bigger than it bypasses it.
      InputStream in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
      // The whole head must arrive within one timeout: a trickle of bytes is no answer.
      Head head = new Head(System.nanoTime() + timeoutMillis * 1_000_000L);
      String status = head.line(in);
      String[] parts = status.split(" ", 3);
      if (parts.length < 2
          || !parts[0].startsWith("HTTP/1.")
          || !parts[1].matches("[1-5][0-9]{2}")) {
        throw new BadResponse("not an HTTP status line: " + printable(status));
      }
      int code = Integer.parseInt(parts[1]);
      Map<String, String> headers = new TreeMap<>();
      for (String h = head.line(in); !h.isEmpty(); h = head.line(in)) {
        int colon = h.indexOf(':');
        if (colon > 0) {
          headers.put(
              h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
      }
      long expected = last - first + 1;
      byte[] body;
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = chunked(in, expected + 1);
      } else if (headers.containsKey("content-length")) {
        long n = number(headers.get("content-length"), 10, "Content-Length");
        // Never buffer more than the range asked for: a 200 means the source ignores ranges.
        body = readFully(in, (int) Math.min(n, expected + 1));
      } else {
        body = readFully(in, (int) expected + 1);
      }
      return new Response(code, headers, body, uri);
    } finally {
      socket.close();
    }
  }

  /**
   * Up to {@code n} bytes straight into one array: InputStream.readNBytes(int) would gather 8 KiB
   * chunks and copy them again, which showed up as a third of a download's CPU.
   */
  private static byte[] readFully(InputStream in, int n) throws IOException {
    byte[] body = new byte[n];
    int got = in.readNBytes(body, 0, n);
    return got == n ? body : java.util.Arrays.copyOf(body, got);
  }

  private static byte[] chunked(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (out.size() < limit) {
      String size = line(in);
      long n = number(size.split(";")[0].trim(), 16, "chunk size");
      if (n == 0) {
        break;
      }
      out.write(in.readNBytes((int) Math.min(n, limit - out.size())));
      line(in);
    }
    return out.toByteArray();
  }

  /** A non-negative number an origin sent, or a {@link BadResponse} saying what arrived. */
  private static long number(String text, int radix, String what) throws BadResponse {
    try {
      long n = Long.parseLong(text, radix);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BadResponse("bad " + what + " '" + printable(text) + "'");
  }

  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** The response head being read: bounded in lines, bytes and time. */
  private static final class Head {
    private final long deadlineNanos;
    private int lines;
    private int bytes;

    Head(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
    }

    String line(InputStream in) throws IOException {
      if (++lines > MAX_HEADER_LINES) {
        throw new BadResponse("more than " + MAX_HEADER_LINES + " header lines");
      }
      String l = RangeFetcher.line(in);
      bytes += l.length() + 2;
      if (bytes > MAX_HEAD_BYTES) {
        throw new BadResponse("a response head over " + MAX_HEAD_BYTES + " bytes");
      }
      if (System.nanoTime() > deadlineNanos) {
        throw new BadResponse("the response head did not arrive in time");
      }
      return l;
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        sb.append((char) c);
      }
      if (sb.length() > 16 * 1024) {
        throw new BadResponse("a header line over 16 KiB");
      }
    }
    if (c < 0 && sb.length() == 0) {
      throw new IOException("connection closed before the response");
    }
    return sb.toString();
  }
}
