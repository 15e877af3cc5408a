package dev.whirlwind.cache.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.cache.CacheDaemon;
import dev.whirlwind.cache.CacheTestConfigs;
import dev.whirlwind.protocol.cache.CacheDaemonConfig;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.testing.RangeFileServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cloud download orders against real HTTP origins on loopback. */
class DownloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path data;
  private CacheDaemon cache;
  private RangeFileServer a;
  private RangeFileServer b;
  private byte[] content;
  private String sha;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void origins() throws Exception {
    Files.writeString(data.resolve("token"), "tok");
    content = new byte[6 * 1024 * 1024 + 321];
    new Random(4).nextBytes(content);
    sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    a = new RangeFileServer().put("/v.mp4", content);
    b = new RangeFileServer().put("/v.mp4", content);
  }

  @AfterEach
  void stop() {
    if (cache != null) {
      cache.close();
    }
    a.close();
    b.close();
  }

  private CacheDaemon start(List<String> allowed) throws Exception {
    return start(allowed, CacheDaemonConfig.defaults().downloadStallTimeoutSeconds());
  }

  private CacheDaemon start(List<String> allowed, int stallSeconds) throws Exception {
    CacheDaemonConfig c =
        CacheTestConfigs.cache(
            data.resolve("store"), "epoll", data.resolve("token").toString(), 0, List.of());
    return CacheDaemon.start(CacheTestConfigs.withDownloads(c, allowed, stallSeconds));
  }

  private JsonNode order(DownloadOrder o) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cache.address().getPort() + "/v1/downloads"))
                .header("Authorization", "Bearer tok")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(o)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return JSON.readTree(r.body());
  }

  private JsonNode status(String id) throws Exception {
    return JSON.readTree(
        http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + cache.address().getPort()
                                + "/v1/downloads/"
                                + id))
                    .header("Authorization", "Bearer tok")
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private JsonNode awaitFinished(String id) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              last[0] = status(id);
              String state = last[0].get("state").asText();
              return state.equals("Completed") || state.equals("Failed");
            });
    return last[0];
  }

  private byte[] served() throws Exception {
    return http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cache.address().getPort() + "/c/" + sha))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .body();
  }

  @Test
  void fetchesRangedFromEveryMirrorVerifiesAndPublishes() throws Exception {
    cache = start(List.of("127.0.0.0/8"));
    JsonNode s =
        awaitFinished(
            order(
                    new DownloadOrder(
                        List.of(a.url("/v.mp4"), b.url("/v.mp4")),
                        sha,
                        content.length,
                        "video/mp4",
                        "mp4"))
                .get("orderId")
                .asText());
    assertThat(s.get("state").asText()).as(s.toString()).isEqualTo("Completed");
    assertThat(s.get("contentId").asText()).isEqualTo(sha);
    assertThat(s.get("sources").get(0).get("bytes").asLong()).isPositive();
    assertThat(s.get("sources").get(1).get("bytes").asLong()).isPositive();
    assertThat(served()).isEqualTo(content);
    // Meters hold their objects weakly: a collection must not blank the figure.
    System.gc();
    String metrics =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + cache.address().getPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("whirlwind_cache_downloaded_bytes_total ([0-9.E]+)")
            .matcher(metrics);
    assertThat(m.find()).as(metrics).isTrue();
    assertThat(Double.parseDouble(m.group(1))).isEqualTo((double) content.length);
  }

  @Test
  void aMirrorSendingWrongBytesIsPenalisedAndTheGoodOneFinishes() throws Exception {
    b.corrupt();
    cache = start(List.of("127.0.0.0/8"));
    JsonNode s =
        awaitFinished(
            order(new DownloadOrder(List.of(a.url("/v.mp4"), b.url("/v.mp4")), sha, 0, null, "mp4"))
                .get("orderId")
                .asText());
    assertThat(s.get("state").asText()).as(s.toString()).isEqualTo("Completed");
    assertThat(s.get("sources").get(1).get("penalised").asBoolean()).as(s.toString()).isTrue();
    assertThat(s.get("sources").get(0).get("penalised").asBoolean()).isFalse();
    assertThat(served()).isEqualTo(content);
  }

  @Test
  void withKnownPieceHashesABadPieceIsRefusedOnArrivalAndNeverWritten() throws Exception {
    b.corrupt();
    String pieces =
        java.util.Base64.getEncoder()
            .encodeToString(
                dev.whirlwind.protocol.content.ContentHasher.hash(
                        new java.io.ByteArrayInputStream(content), content.length)
                    .pieces());
    cache = start(List.of("127.0.0.0/8"));
    JsonNode s =
        awaitFinished(
            order(
                    new DownloadOrder(
                        List.of(b.url("/v.mp4"), a.url("/v.mp4")),
                        sha,
                        content.length,
                        null,
                        "mp4",
                        true,
                        pieces))
                .get("orderId")
                .asText());
    assertThat(s.get("state").asText()).as(s.toString()).isEqualTo("Completed");
    JsonNode bad = s.get("sources").get(0);
    assertThat(bad.get("penalised").asBoolean()).as(s.toString()).isTrue();
    assertThat(bad.get("lastError").asText()).contains("does not match its hash");
    // Refused on arrival: the bad mirror got one piece request per connection at most, not
    // a share of the whole content as in a culprit search after the fact.
    assertThat(b.requests())
        .isLessThanOrEqualTo(1 + CacheDaemonConfig.defaults().downloadConnectionsPerSource());
    assertThat(served()).isEqualTo(content);
    assertThat(cache.store().get(new dev.whirlwind.protocol.content.ContentId(sha)))
        .hasValueSatisfying(c -> assertThat(c.pinned()).isTrue());
  }

  @Test
  void piecesThatDoNotFitTheSizeAreABadRequest() throws Exception {
    cache = start(List.of("127.0.0.0/8"));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cache.address().getPort() + "/v1/downloads"))
                .header("Authorization", "Bearer tok")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        JSON.writeValueAsBytes(
                            new DownloadOrder(
                                List.of(a.url("/v.mp4")),
                                sha,
                                content.length,
                                null,
                                null,
                                false,
                                "AAAA"))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("pieces");
  }

  @Test
  void privateAddressesAreRefusedUnlessThePoolAllowsThem() throws Exception {
    cache = start(List.of());
    JsonNode s =
        awaitFinished(
            order(new DownloadOrder(List.of(a.url("/v.mp4")), sha, 0, null, null))
                .get("orderId")
                .asText());
    assertThat(s.get("state").asText()).isEqualTo("Failed");
    assertThat(s.get("reason").asText()).contains("127.0.0.1").contains("loopback");
    assertThat(a.requests()).as("not a single byte was asked for").isZero();
  }

  @Test
  void aDownloadWithoutProgressForTheStallTimeoutFailsWithAReason() throws Exception {
    a.stallAfter(3); // the size probe and two pieces, then silence
    cache = start(List.of("127.0.0.0/8"), 2);
    long started = System.nanoTime();
    JsonNode s =
        awaitFinished(
            order(new DownloadOrder(List.of(a.url("/v.mp4")), sha, 0, null, "mp4"))
                .get("orderId")
                .asText());
    assertThat(s.get("state").asText()).as(s.toString()).isEqualTo("Failed");
    assertThat(s.get("reason").asText()).contains("no progress for 2 s").contains(a.url("/v.mp4"));
    assertThat(s.get("bytesDone").asLong()).isPositive();
    // Failed by the stall timer, long before the 30-second socket timeout could have.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void aKilledDaemonResumesItsDownloadAfterARestart() throws Exception {
    a.delayEachResponse(100);
    cache = start(List.of("127.0.0.0/8"));
    String id =
        order(new DownloadOrder(List.of(a.url("/v.mp4")), sha, 0, null, "mp4"))
            .get("orderId")
            .asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(id).get("bytesDone").asLong() > 3 * 262_144 * 8 / 3);
    cache.close();
    long requestsBefore = a.requests();
    a.delayEachResponse(0);
    cache = start(List.of("127.0.0.0/8"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(served()).isEqualTo(content));
    int pieces = (content.length + 262_143) / 262_144;
    // The resumed run fetched fewer pieces than a fresh one would have (plus its size probe).
    assertThat(a.requests() - requestsBefore).isLessThan(pieces + 1);
  }

  private String base() {
    return "http://127.0.0.1:" + cache.address().getPort();
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer tok")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static DownloadOrder keyed(List<String> urls, String sha, String key) {
    return new DownloadOrder(urls, sha, 0, "video/mp4", "mp4", false, null, key, null);
  }

  @Test
  void aKeyedOrderIsStartedOnceAndAnsweredForAfterARestart() throws Exception {
    cache = start(List.of("127.0.0.0/8"));
    DownloadOrder o = keyed(List.of(a.url("/v.mp4")), null, "vcat:ns/films/bbb/1");
    String id = order(o).get("orderId").asText();
    assertThat(order(o).get("orderId").asText()).as("the same key, the same order").isEqualTo(id);
    JsonNode done = awaitFinished(id);
    assertThat(done.get("state").asText()).isEqualTo("Completed");
    assertThat(done.get("key").asText()).isEqualTo("vcat:ns/films/bbb/1");
    assertThat(done.get("finishedAt").asText()).isNotBlank();
    long requests = a.requests();
    assertThat(order(o).get("orderId").asText()).isEqualTo(id);

    cache.close();
    cache = start(List.of("127.0.0.0/8"));
    JsonNode listed = get("/v1/downloads");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("orderId").asText()).isEqualTo(id);
    assertThat(listed.get(0).get("state").asText()).isEqualTo("Completed");
    assertThat(listed.get(0).get("contentId").asText()).isEqualTo(sha);
    assertThat(status(id).get("state").asText()).isEqualTo("Completed");
    JsonNode again = order(o);
    assertThat(again.get("orderId").asText()).isEqualTo(id);
    assertThat(a.requests()).as("nothing fetched again").isEqualTo(requests);

    // Once the content is gone, the key is ordered afresh.
    HttpResponse<String> deleted =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/v1/contents/" + sha))
                .header("Authorization", "Bearer tok")
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).isEqualTo(200);
    String fresh = order(o).get("orderId").asText();
    assertThat(fresh).isNotEqualTo(id);
    assertThat(awaitFinished(fresh).get("state").asText()).isEqualTo("Completed");
    assertThat(served()).isEqualTo(content);
  }

  @Test
  void aCancelledOrderStopsAndLeavesNoPartialFile() throws Exception {
    a.delayEachResponse(200);
    cache = start(List.of("127.0.0.0/8"));
    DownloadOrder o = keyed(List.of(a.url("/v.mp4")), sha, "k1");
    String id = order(o).get("orderId").asText();
    await().atMost(Duration.ofSeconds(30)).until(() -> status(id).get("bytesDone").asLong() > 0);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/v1/downloads/" + id))
                .header("Authorization", "Bearer tok")
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(id).get("state").asText().equals("Cancelled"));
    try (var files = Files.list(data.resolve("store").resolve("downloads"))) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
    assertThat(get("/v1/holdings").get("contents")).isEmpty();
    // A cancelled key is ordered again when asked.
    a.delayEachResponse(0);
    String again = order(o).get("orderId").asText();
    assertThat(again).isNotEqualTo(id);
    assertThat(awaitFinished(again).get("state").asText()).isEqualTo("Completed");
  }

  @Test
  void cacheUrlsAreTrustedSourcesAlthoughThePoolAllowsNoPrivateOrigin() throws Exception {
    cache = start(List.of());
    String url = a.url("/v.mp4");
    JsonNode refused =
        awaitFinished(order(keyed(List.of(url), sha, "plain")).get("orderId").asText());
    assertThat(refused.get("state").asText()).isEqualTo("Failed");
    DownloadOrder replica =
        new DownloadOrder(List.of(), sha, 0, "video/mp4", "mp4", false, null, "rep", List.of(url));
    JsonNode s = awaitFinished(order(replica).get("orderId").asText());
    assertThat(s.get("state").asText()).as(s.toString()).isEqualTo("Completed");
    assertThat(served()).isEqualTo(content);
  }

  @Test
  void holdingsReportContentsOrdersSharesAndServedBytes() throws Exception {
    cache = start(List.of("127.0.0.0/8"));
    String id = order(keyed(List.of(a.url("/v.mp4")), sha, "h")).get("orderId").asText();
    awaitFinished(id);
    assertThat(served()).isEqualTo(content);
    JsonNode h = get("/v1/holdings");
    assertThat(h.get("ready").asBoolean()).isTrue();
    assertThat(h.get("cacheId").asText()).isEqualTo("127.0.0.1-1");
    assertThat(h.get("contents")).hasSize(1);
    JsonNode held = h.get("contents").get(0);
    assertThat(held.get("contentId").asText()).isEqualTo(sha);
    assertThat(held.get("sizeBytes").asLong()).isEqualTo(content.length);
    assertThat(held.get("urls").get(0).asText()).isEqualTo(a.url("/v.mp4"));
    assertThat(held.get("servedBytes").asLong()).isEqualTo(content.length);
    assertThat(h.get("servedBytes").asLong()).isEqualTo(content.length);
    assertThat(h.get("downloads").get(0).get("key").asText()).isEqualTo("h");
    assertThat(h.get("usedBytes").asLong()).isEqualTo(content.length);
  }

  @Test
  void malformedOrdersAreRefusedWithTheReason() throws Exception {
    cache = start(List.of("127.0.0.0/8"));
    for (String body :
        List.of(
            "null",
            "{\"urls\":[]}",
            "{\"urls\":[\"http://x/a\"],\"key\":\"has space\"}",
            "{\"cacheUrls\":[\"http://127.0.0.1:1/c/x\"]}")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base() + "/v1/downloads"))
                  .header("Authorization", "Bearer tok")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).get("detail").asText()).isNotBlank();
    }
  }
}
