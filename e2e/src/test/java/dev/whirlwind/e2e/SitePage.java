package dev.whirlwind.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Someone's web site on its own origin (a loopback port of its own): one page that embeds
 * Whirlwind's player as docs/STANDALONE.md tells sites to, with one import from the console.
 */
final class SitePage implements AutoCloseable {
  private final HttpServer server;

  private SitePage(HttpServer server) {
    this.server = server;
  }

  /** Serves the page: {@code player} is the module's URL, the rest what the player needs. */
  static SitePage serve(String player, String src, String tracker, String contentId)
      throws IOException {
    String html =
        """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>A site with a video</title></head>
        <body>
          <video muted playsinline controls width="640"></video>
          <script type="module">
            import { attach } from "%s";
            const video = document.querySelector("video");
            window.player = attach(video, {
              src: "%s",
              tracker: "%s",
              contentId: "%s",
              iceServers: [],
            });
            video.play().catch((e) => window.player.errors.push("play: " + e));
          </script>
        </body>
        </html>
        """
            .formatted(player, src, tracker, contentId);
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext(
        "/",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return new SitePage(server);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
