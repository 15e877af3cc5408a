package dev.whirlwind.cache.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.cache.CacheDaemon;
import dev.whirlwind.cache.CacheTestConfigs;
import dev.whirlwind.protocol.content.ContentHasher;
import dev.whirlwind.protocol.testing.ConfigOverrides;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With an admin port, the client port serves contents only; the admin port serves everything. */
class AdminPortTest {
  @TempDir Path data;
  private CacheDaemon cache;
  private final HttpClient http = HttpClient.newHttpClient();
  private byte[] content;
  private String id;

  @BeforeEach
  void start() throws Exception {
    Path token = data.resolve("token");
    Files.writeString(token, "tok");
    int adminPort;
    try (ServerSocket s = new ServerSocket(0)) {
      adminPort = s.getLocalPort();
    }
    cache =
        CacheDaemon.start(
            ConfigOverrides.with(
                CacheTestConfigs.cache(
                    data.resolve("store"), "epoll", token.toString(), 64L << 20, List.of()),
                "adminPort",
                adminPort));
    content = new byte[3 * 1024 * 1024 + 7];
    new Random(3).nextBytes(content);
    id = ContentHasher.hash(new ByteArrayInputStream(content), content.length).contentId().hex();
  }

  @AfterEach
  void stop() {
    cache.close();
  }

  private HttpResponse<String> upload(int port) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(port, "/v1/contents/" + id + "?ext=mp4"))
            .header("Content-Type", "video/mp4")
            .header("Authorization", "Bearer tok")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(port, path)).header("Authorization", "Bearer tok").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Test
  void theClientPortRefusesTheAdminApiAndTheAdminPortServesBoth() throws Exception {
    int clients = cache.address().getPort();
    int admin = cache.adminAddress().getPort();
    assertThat(admin).isNotEqualTo(clients);

    // Even with the token, and with a body it never reads.
    HttpResponse<String> refused = upload(clients);
    assertThat(refused.statusCode()).isEqualTo(404);
    assertThat(refused.body())
        .contains("\"error\":\"not_found\"")
        .contains("the admin API has its own");
    assertThat(get(clients, "/v1/shares").statusCode()).isEqualTo(404);
    assertThat(cache.store().all()).isEmpty();

    assertThat(upload(admin).statusCode()).isEqualTo(201);
    assertThat(get(admin, "/v1/contents").body()).contains(id);
    HttpResponse<byte[]> served =
        http.send(
            HttpRequest.newBuilder(uri(clients, "/c/" + id)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).isEqualTo(content);
    assertThat(get(admin, "/c/" + id).statusCode()).isEqualTo(200);
    assertThat(get(clients, "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(admin, "/metrics").statusCode()).isEqualTo(200);
  }
}
