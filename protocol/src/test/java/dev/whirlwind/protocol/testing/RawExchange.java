package dev.whirlwind.protocol.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends raw bytes to an HTTP port and reads everything until the server closes: what fuzzing needs
 * to check that every request, however broken, gets a complete answer.
 */
public final class RawExchange {
  private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

  private static final int QUIET_MILLIS = 300;

  private RawExchange() {}

  /** One answer on the connection: status and the text that followed its status line. */
  public record Answer(int status, String text) {
    public boolean isJsonError() {
      return text.contains("application/json")
          && text.contains("\"error\"")
          && text.contains("\"detail\"");
    }
  }

  /**
   * The answers to {@code request}, in order; fails when the server neither answers nor closes
   * within {@code timeoutMillis}.
   */
  public static List<Answer> send(int port, byte[] request, int timeoutMillis) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(timeoutMillis);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          all.write(buf, 0, n);
          // Once answered, a connection the server keeps alive is done when it goes quiet.
          s.setSoTimeout(QUIET_MILLIS);
        }
      } catch (SocketTimeoutException e) {
        if (all.size() == 0) {
          throw new IOException(
              "no answer within " + timeoutMillis + " ms to: " + printable(request), e);
        }
      } catch (IOException reset) {
        // A reset after the answers is still a close.
      }
      String text = all.toString(StandardCharsets.ISO_8859_1);
      List<Answer> answers = new ArrayList<>();
      Matcher m = STATUS.matcher(text);
      List<Integer> starts = new ArrayList<>();
      while (m.find()) {
        starts.add(m.start());
      }
      for (int i = 0; i < starts.size(); i++) {
        int from = starts.get(i);
        int to = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
        String part = text.substring(from, to);
        answers.add(new Answer(Integer.parseInt(part.substring(9, 12)), part));
      }
      return answers;
    }
  }

  /**
   * Sends {@code request} and checks what a fuzzed request must get: at least one answer, none a
   * 500, every error a JSON {@code {"error","detail"}} (for HEAD, a JSON content type).
   */
  public static void assertAnswered(int port, byte[] request) throws IOException {
    List<Answer> answers = send(port, request, 10_000);
    String what = printable(request);
    org.assertj.core.api.Assertions.assertThat(answers).as("no answer to %s", what).isNotEmpty();
    for (Answer a : answers) {
      org.assertj.core.api.Assertions.assertThat(a.status()).as(what).isNotEqualTo(500);
      if (a.status() >= 400 && what.startsWith("HEAD ")) {
        org.assertj.core.api.Assertions.assertThat(a.text())
            .as("%s answered %s", what, a.text())
            .contains("application/json");
      } else if (a.status() >= 400) {
        org.assertj.core.api.Assertions.assertThat(a.isJsonError())
            .as("%s answered %s", what, a.text())
            .isTrue();
      }
    }
  }

  /** {@code head} (without its blank line) and {@code body}, with a matching Content-Length. */
  public static byte[] request(String head, byte[] body) {
    byte[] h =
        (head + "Content-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = java.util.Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, out, h.length, body.length);
    return out;
  }

  public static String printable(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      int c = x & 0xff;
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return sb.toString();
  }
}
