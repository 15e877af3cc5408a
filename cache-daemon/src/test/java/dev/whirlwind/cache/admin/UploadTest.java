package dev.whirlwind.cache.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.cache.CacheDaemon;
import dev.whirlwind.cache.CacheTestConfigs;
import dev.whirlwind.protocol.content.ContentHasher;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authenticated upload API: stored only when the bytes hash to the id. */
class UploadTest {
  @TempDir Path data;
  private CacheDaemon cache;
  private final HttpClient http = HttpClient.newHttpClient();
  private byte[] content;
  private String id;

  @BeforeEach
  void start() throws Exception {
    Path token = data.resolve("token");
    Files.writeString(token, "tok");
    cache =
        CacheDaemon.start(
            CacheTestConfigs.cache(
                data.resolve("store"), "epoll", token.toString(), 64L << 20, List.of()));
    content = new byte[20 * 1024 * 1024 + 3];
    new Random(2).nextBytes(content);
    id = ContentHasher.hash(new ByteArrayInputStream(content), content.length).contentId().hex();
  }

  @AfterEach
  void stop() {
    cache.close();
  }

  private HttpResponse<String> put(String id, byte[] body, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + "/v1/contents/" + id + "?ext=mp4"))
            .header("Content-Type", "video/mp4")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String base() {
    return "http://127.0.0.1:" + cache.address().getPort();
  }

  @Test
  void anUploadThatHashesToItsIdIsStoredAndServed() throws Exception {
    HttpResponse<String> r = put(id, content, "tok");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    HttpResponse<byte[]> got =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/c/" + id)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(got.body()).isEqualTo(content);
    assertThat(got.headers().firstValue("Content-Type")).hasValue("video/mp4");
    assertThat(put(id, content, "tok").statusCode()).as("immutable: stored once").isEqualTo(200);
    HttpResponse<String> list =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/v1/contents"))
                .header("Authorization", "Bearer tok")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(list.body()).contains(id).contains("\"extension\":\"mp4\"");
  }

  @Test
  void bytesThatHashToAnotherIdAreRefusedAndNothingIsKept() throws Exception {
    byte[] tampered = content.clone();
    tampered[12345] ^= 1;
    HttpResponse<String> r = put(id, tampered, "tok");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("hash_mismatch");
    assertThat(cache.store().all()).isEmpty();
    try (var tmp = Files.list(data.resolve("store/tmp"))) {
      assertThat(tmp).isEmpty();
    }
  }

  @Test
  void adminCallsNeedTheTokenAndSaneRequests() throws Exception {
    HttpResponse<String> noToken = put(id, new byte[10], null);
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.body()).contains("\"error\":\"unauthorized\"");
    assertThat(put(id, new byte[10], "wrong").statusCode()).isEqualTo(401);
    assertThat(put("not-an-id", new byte[10], "tok").statusCode()).isEqualTo(400);
    assertThat(put(id, new byte[65 << 20], "tok").statusCode()).as("over capacity").isEqualTo(413);
    HttpResponse<String> missing =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/v1/contents/" + id))
                .header("Authorization", "Bearer tok")
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void deleteEvicts() throws Exception {
    assertThat(put(id, content, "tok").statusCode()).isEqualTo(201);
    HttpResponse<String> del =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/v1/contents/" + id))
                .header("Authorization", "Bearer tok")
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(del.statusCode()).isEqualTo(200);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base() + "/c/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(404);
    assertThat(new String(Files.readAllBytes(data.resolve("token")), StandardCharsets.UTF_8))
        .isEqualTo("tok");
  }

  @Test
  void aFullNodeEvictsItsLeastRequestedContentToTakeANewOne() throws Exception {
    // Capacity 64 MiB, eviction above 90 %: three contents of 20 MiB do not fit.
    byte[][] contents = new byte[3][];
    String[] ids = new String[3];
    for (int i = 0; i < 3; i++) {
      contents[i] = new byte[20 * 1024 * 1024];
      new Random(100 + i).nextBytes(contents[i]);
      ids[i] =
          ContentHasher.hash(new ByteArrayInputStream(contents[i]), contents[i].length)
              .contentId()
              .hex();
    }
    assertThat(put(ids[0], contents[0], "tok").statusCode()).isEqualTo(201);
    assertThat(put(ids[1], contents[1], "tok").statusCode()).isEqualTo(201);
    // The first is requested, the second never: LFU evicts the second.
    http.send(
        HttpRequest.newBuilder(URI.create(base() + "/c/" + ids[0])).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(put(ids[2], contents[2], "tok").statusCode()).isEqualTo(201);
    assertThat(cache.store().all())
        .extracting(c -> c.contentId())
        .containsExactlyInAnyOrder(ids[0], ids[2]);
  }

  private HttpResponse<String> pin(String method, String id) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + "/v1/contents/" + id + "/pin"))
            .header("Authorization", "Bearer tok")
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPinIsPersistedAcrossARestartAndCanBeReleased() throws Exception {
    assertThat(put(id, content, "tok").statusCode()).isEqualTo(201);
    HttpResponse<String> pinned = pin("PUT", id);
    assertThat(pinned.statusCode()).as(pinned.body()).isEqualTo(200);
    assertThat(pinned.body()).contains("\"pinned\":true");
    assertThat(pin("PUT", "0".repeat(64)).statusCode()).isEqualTo(404);
    assertThat(pin("PUT", "nope").statusCode()).isEqualTo(400);
    assertThat(pin("POST", id).statusCode()).isEqualTo(405);

    cache.close();
    cache =
        CacheDaemon.start(
            CacheTestConfigs.cache(
                data.resolve("store"),
                "epoll",
                data.resolve("token").toString(),
                64L << 20,
                List.of()));
    assertThat(cache.store().get(new dev.whirlwind.protocol.content.ContentId(id)))
        .hasValueSatisfying(c -> assertThat(c.pinned()).isTrue());
    HttpResponse<String> released = pin("DELETE", id);
    assertThat(released.statusCode()).isEqualTo(200);
    assertThat(released.body()).contains("\"pinned\":false");
    assertThat(cache.store().get(new dev.whirlwind.protocol.content.ContentId(id)))
        .hasValueSatisfying(c -> assertThat(c.pinned()).isFalse());
  }

  private HttpResponse<String> putHls(String id, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + "/v1/contents/" + id + "/hls"))
            .header("Authorization", "Bearer tok")
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anHlsIndexBecomesAPlaylistThatSurvivesARestart() throws Exception {
    assertThat(put(id, content, "tok").statusCode()).isEqualTo(201);
    String index =
        "{\"initLength\":1000,\"fragments\":[{\"offset\":1000,\"length\":5000000,\"seconds\":6.0},"
            + "{\"offset\":5001000,\"length\":"
            + (content.length - 5_001_000)
            + ",\"seconds\":4.5}]}";
    assertThat(putHls(id, index).statusCode()).isEqualTo(200);
    // Ranges past the end or out of order are refused; an unknown content is a 404.
    assertThat(putHls(id, index.replace("5000000", "50000000")).statusCode()).isEqualTo(400);
    assertThat(putHls("0".repeat(64), index).statusCode()).isEqualTo(404);

    cache.close();
    cache =
        CacheDaemon.start(
            CacheTestConfigs.cache(
                data.resolve("store"),
                "epoll",
                data.resolve("token").toString(),
                64L << 20,
                List.of()));
    HttpResponse<String> playlist =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/c/" + id + ".m3u8")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(playlist.statusCode()).isEqualTo(200);
    // Relative to /c/: the web-seed path, with the media extension FFmpeg's demuxer insists on.
    String media = id + "/" + id + ".mp4";
    assertThat(playlist.body())
        .isEqualTo(
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:0\n"
                + "#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n"
                + "#EXT-X-MAP:URI=\""
                + media
                + "\",BYTERANGE=\"1000@0\"\n"
                + "#EXTINF:6.000,\n#EXT-X-BYTERANGE:5000000@1000\n"
                + media
                + "\n#EXTINF:4.500,\n#EXT-X-BYTERANGE:"
                + (content.length - 5_001_000)
                + "@5001000\n"
                + media
                + "\n#EXT-X-ENDLIST\n");
    // Deleting the content takes its playlist with it.
    http.send(
        HttpRequest.newBuilder(URI.create(base() + "/v1/contents/" + id))
            .header("Authorization", "Bearer tok")
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base() + "/c/" + id + ".m3u8")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(404);
  }
}
