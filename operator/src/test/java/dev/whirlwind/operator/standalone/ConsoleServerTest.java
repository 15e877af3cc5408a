package dev.whirlwind.operator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in origin and status API over real HTTP on loopback. */
class ConsoleServerTest {
  @TempDir Path dir;
  private ConsoleServer server;
  private byte[] clip;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    clip = new byte[200_000];
    for (int i = 0; i < clip.length; i++) {
      clip[i] = (byte) (i * 31);
    }
    Files.write(dir.resolve("tide.mp4"), clip);
    server = new ConsoleServer(0, dir, () -> Map.of("revision", 3));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest.Builder at(String path) {
    return HttpRequest.newBuilder(URI.create(server.url() + path));
  }

  @Test
  void servesSamplesWholeAndInRangesAndCountsWhatItServed() throws Exception {
    HttpResponse<byte[]> whole = send(at("/samples/tide.mp4"));
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(clip);
    assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");

    HttpResponse<byte[]> part = send(at("/samples/tide.mp4").header("Range", "bytes=1000-1999"));
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/200000");
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(clip, 1000, 2000));

    HttpResponse<byte[]> head =
        send(at("/samples/tide.mp4").method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue("200000");

    assertThat(server.originServed().get("tide.mp4"))
        .containsEntry("requests", 3L)
        .containsEntry("bytes", 201_000L);
  }

  @Test
  void answersWhatItCannotServeWithJsonErrors() throws Exception {
    HttpResponse<byte[]> missing = send(at("/samples/none.mp4"));
    assertThat(missing.statusCode()).isEqualTo(404);
    JsonNode body = new ObjectMapper().readTree(missing.body());
    assertThat(body.path("error").asText()).isEqualTo("not found");
    assertThat(body.path("detail").asText()).contains("none.mp4");

    assertThat(send(at("/samples/../token")).statusCode()).isEqualTo(404);
    HttpResponse<byte[]> beyond = send(at("/samples/tide.mp4").header("Range", "bytes=300000-"));
    assertThat(beyond.statusCode()).isEqualTo(416);
    assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */200000");
    HttpResponse<byte[]> post =
        send(at("/api/status").POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(new String(post.body())).contains("\"detail\"");
    assertThat(server.originServed()).doesNotContainKey("none.mp4");
  }

  @Test
  void statusIsTheSuppliersJson() throws Exception {
    HttpResponse<byte[]> r = send(at("/api/status"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(r.body()).path("revision").asInt()).isEqualTo(3);
  }
}
