package dev.whirlwind.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.bencode.Bencode;
import dev.whirlwind.protocol.content.ContentHasher;
import dev.whirlwind.protocol.content.ProbeHash;
import dev.whirlwind.protocol.content.TorrentInfo;
import dev.whirlwind.protocol.testing.RangeFileServer;
import dev.whirlwind.protocol.tracker.CacheHeartbeat;
import dev.whirlwind.protocol.tracker.ContentRecord;
import dev.whirlwind.protocol.tracker.MirrorList;
import dev.whirlwind.tracker.TestConfigs;
import dev.whirlwind.tracker.TrackerDaemon;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Content records, heartbeats, mirrors, probes and the documents clients get, in-process. */
class ContentApiTest {
  static final String TOKEN = "s3cret-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path state;
  private TrackerDaemon tracker;
  private dev.whirlwind.protocol.tracker.TrackerDaemonConfig config;
  private RangeFileServer origin;
  private final HttpClient http = HttpClient.newHttpClient();
  private byte[] data;
  private ContentHasher.Digest digest;

  @BeforeEach
  void start() throws Exception {
    Path token = state.resolve("token");
    Files.writeString(token, TOKEN + "\n");
    var c =
        TestConfigs.tracker(
            state,
            "127.0.0.1",
            0,
            token.toString(),
            List.of("http://tracker-0:6969", "http://tracker-1:6969"));
    // Probe often so the tests see probe results quickly.
    c = dev.whirlwind.protocol.testing.ConfigOverrides.with(c, "probeIntervalSeconds", 1);
    config = c;
    tracker = TrackerDaemon.start(c, Clock.systemUTC());
    data = new byte[700_000];
    new Random(1).nextBytes(data);
    digest = ContentHasher.hash(new ByteArrayInputStream(data), data.length);
    origin = new RangeFileServer();
  }

  @AfterEach
  void stop() {
    tracker.close();
    origin.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + tracker.httpAddress().getPort() + path;
  }

  private HttpResponse<byte[]> send(String method, String path, Object body, boolean auth)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)));
    if (auth) {
      b.header("Authorization", "Bearer " + TOKEN);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(
                body instanceof byte[] raw ? raw : JSON.writeValueAsBytes(body)));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private JsonNode json(HttpResponse<byte[]> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private String id() {
    return digest.contentId().hex();
  }

  private ContentRecord record() {
    return new ContentRecord(
        id(),
        data.length,
        "mp4",
        "video/mp4",
        Base64.getEncoder().encodeToString(digest.pieces()),
        "probe-" + id().substring(0, 8),
        List.of("https://origin.example/v.mp4"));
  }

  private void publishAndRegister(String cacheId, String baseUrl) throws Exception {
    assertThat(send("PUT", "/v1/contents/" + id(), record(), true).statusCode()).isIn(200, 201);
    var hb =
        new CacheHeartbeat(
            baseUrl, List.of(id()), 1L << 30, 1L << 29, 10_000_000, Map.of(), Map.of(), "");
    assertThat(send("PUT", "/v1/caches/" + cacheId, hb, true).statusCode()).isEqualTo(200);
  }

  @Test
  void anHlsIndexJoinsTheRecordLaterAndABadOneIsRefused() throws Exception {
    assertThat(send("PUT", "/v1/contents/" + id(), record(), true).statusCode()).isEqualTo(201);
    assertThat(json(send("GET", "/v1/contents/" + id(), null, false)).has("hls")).isFalse();
    assertThat(json(send("GET", "/r/" + id() + ".m3u8", null, false)).get("detail").asText())
        .contains("not an HLS rendition");
    ContentRecord r = record();
    var index =
        new dev.whirlwind.protocol.transcode.HlsIndex(
            1000,
            List.of(
                new dev.whirlwind.protocol.transcode.HlsIndex.Fragment(
                    1000, data.length - 1000, 2.0)));
    ContentRecord withHls =
        new ContentRecord(
            r.contentId(),
            r.sizeBytes(),
            r.extension(),
            r.contentType(),
            r.pieces(),
            r.probeHash(),
            r.urls(),
            index);
    assertThat(send("PUT", "/v1/contents/" + id(), withHls, true).statusCode()).isIn(200, 201);
    JsonNode summary = json(send("GET", "/v1/contents/" + id(), null, false));
    assertThat(summary.get("hls").get("initLength").asLong()).isEqualTo(1000);
    // The playlist redirect: to the playlist at a cache holding it, once one does.
    assertThat(send("GET", "/r/" + id() + ".m3u8", null, false).statusCode()).isEqualTo(503);
    var hb =
        new CacheHeartbeat(
            origin.baseUrl(),
            List.of(id()),
            1L << 30,
            1L << 29,
            10_000_000,
            Map.of(),
            Map.of(),
            "");
    HttpResponse<byte[]> reply = send("PUT", "/v1/caches/cache-0", hb, true);
    assertThat(reply.statusCode()).isEqualTo(200);
    // The cache says it has no index for this HLS rendition: the reply tells it to fetch one.
    assertThat(json(reply).get("missingHlsIndexes"))
        .extracting(JsonNode::asText)
        .containsExactly(id());
    var withIndex =
        new CacheHeartbeat(
            origin.baseUrl(),
            List.of(id()),
            1L << 30,
            1L << 29,
            10_000_000,
            Map.of(),
            Map.of(),
            "",
            List.of(id()),
            null);
    assertThat(json(send("PUT", "/v1/caches/cache-0", withIndex, true)).get("missingHlsIndexes"))
        .isEmpty();
    HttpResponse<byte[]> redirect = send("GET", "/r/" + id() + ".m3u8", null, false);
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location"))
        .hasValue(origin.baseUrl() + "/c/" + id() + ".m3u8");
    // A player on another origin (the console's page) follows the redirect only with CORS.
    assertThat(redirect.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(summary.get("hls").get("fragments")).hasSize(1);
    // Ranges past the content's end: refused with a reason, nothing changes.
    var broken =
        new dev.whirlwind.protocol.transcode.HlsIndex(
            1000,
            List.of(
                new dev.whirlwind.protocol.transcode.HlsIndex.Fragment(1000, data.length, 2.0)));
    HttpResponse<byte[]> bad =
        send(
            "PUT",
            "/v1/contents/" + id(),
            new ContentRecord(
                r.contentId(),
                r.sizeBytes(),
                r.extension(),
                r.contentType(),
                r.pieces(),
                r.probeHash(),
                r.urls(),
                broken),
            true);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("detail").asText()).contains("does not fit");
  }

  @Test
  void theTorrentCarriesTheCanonicalInfoTheOwningShardAndCacheWebSeeds() throws Exception {
    origin.put("/c/" + id(), data);
    publishAndRegister("cache-0", origin.baseUrl());
    HttpResponse<byte[]> r = send("GET", "/v1/contents/" + id() + ".torrent", null, false);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-bittorrent");
    Map<String, Object> t = Bencode.decodeDictionary(r.body());
    TorrentInfo expected = digest.torrentInfo("mp4");
    assertThat(Bencode.encode(t.get("info"))).isEqualTo(expected.encoded());
    int shard = dev.whirlwind.protocol.tracker.Shards.of(digest.contentId(), 2);
    assertThat(new String((byte[]) t.get("announce"), StandardCharsets.UTF_8))
        .isEqualTo("http://tracker-" + shard + ":6969/announce");
    @SuppressWarnings("unchecked")
    List<byte[]> webSeeds = (List<byte[]>) t.get("url-list");
    assertThat(webSeeds).hasSize(1);
    assertThat(new String(webSeeds.get(0), StandardCharsets.UTF_8))
        .isEqualTo(origin.baseUrl() + "/c/" + id() + "/" + id() + ".mp4")
        .doesNotEndWith("/");
  }

  @Test
  void theMetalinkListsCachesThenHealthyMirrorsWithHashesAndTheTorrent() throws Exception {
    origin.put("/c/" + id(), data).put("/mirror/v.mp4", data);
    publishAndRegister("cache-0", origin.baseUrl());
    send(
        "PUT",
        "/v1/contents/" + id() + "/mirrors",
        new MirrorList(List.of(origin.url("/mirror/v.mp4"))),
        true);
    // A mirror is handed out only after a probe has checked its bytes.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        new String(
                            send("GET", "/v1/contents/" + id() + ".meta4", null, false).body(),
                            StandardCharsets.UTF_8))
                    .contains("/mirror/v.mp4"));
    HttpResponse<byte[]> r = send("GET", "/v1/contents/" + id() + ".meta4", null, false);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/metalink4+xml");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.body()));
    var urls = doc.getElementsByTagNameNS("urn:ietf:params:xml:ns:metalink", "url");
    assertThat(urls.getLength()).isEqualTo(2);
    assertThat(urls.item(0).getTextContent()).contains("/c/" + id());
    assertThat(urls.item(0).getAttributes().getNamedItem("priority").getNodeValue()).isEqualTo("1");
    assertThat(urls.item(1).getTextContent()).endsWith("/mirror/v.mp4");
    var hash = doc.getElementsByTagNameNS("urn:ietf:params:xml:ns:metalink", "hash").item(0);
    assertThat(hash.getTextContent()).isEqualTo(id());
    assertThat(
            doc.getElementsByTagNameNS("urn:ietf:params:xml:ns:metalink", "pieces")
                .item(0)
                .getAttributes()
                .getNamedItem("length")
                .getNodeValue())
        .isEqualTo("262144");
    assertThat(
            doc.getElementsByTagNameNS("urn:ietf:params:xml:ns:metalink", "metaurl")
                .item(0)
                .getTextContent())
        .isEqualTo("http://tracker-0:6969/v1/contents/" + id() + ".torrent");
  }

  @Test
  void aMirrorServingOtherBytesIsDroppedWithTheReason() throws Exception {
    byte[] wrong = data.clone();
    for (int i = 0; i < wrong.length; i += 1000) {
      wrong[i] ^= 0x55;
    }
    origin.put("/bad/v.mp4", wrong).put("/dead/v.mp4", data);
    publishAndRegister("cache-0", origin.baseUrl());
    send(
        "PUT",
        "/v1/contents/" + id() + "/mirrors",
        new MirrorList(List.of(origin.url("/bad/v.mp4"), "http://127.0.0.1:1/gone.mp4")),
        true);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode sources =
                  json(send("GET", "/v1/contents/" + id() + "/sources", null, false))
                      .get("sources");
              JsonNode bad = null;
              JsonNode gone = null;
              for (JsonNode s : sources) {
                if (s.get("url").asText().contains("/bad/")) bad = s;
                if (s.get("url").asText().contains("gone")) gone = s;
              }
              assertThat(bad.get("healthy").asBoolean()).isFalse();
              assertThat(bad.get("droppedReason").asText()).startsWith("inconsistent:");
              assertThat(gone.get("droppedReason").asText()).startsWith("dead:");
            });
    assertThat(
            new String(
                send("GET", "/v1/contents/" + id() + ".meta4", null, false).body(),
                StandardCharsets.UTF_8))
        .doesNotContain("/bad/")
        .doesNotContain("gone");
  }

  @Test
  void plainHttpClientsAreRedirectedToAHealthyCacheHoldingTheContent() throws Exception {
    assertThat(send("GET", "/r/" + id(), null, false).statusCode()).isEqualTo(404);
    origin.put("/c/" + id(), data);
    publishAndRegister("cache-0", origin.baseUrl());
    // Another cache without the content never gets the client.
    send(
        "PUT",
        "/v1/caches/cache-1",
        new CacheHeartbeat("http://127.0.0.1:2", List.of(), 1, 1, 1, Map.of(), Map.of(), ""),
        true);
    HttpResponse<byte[]> r =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(url("/r/" + id()))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue(origin.baseUrl() + "/c/" + id());
    // Followed, it yields the bytes.
    HttpClient following =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    assertThat(
            following
                .send(
                    HttpRequest.newBuilder(URI.create(url("/r/" + id()))).build(),
                    HttpResponse.BodyHandlers.ofByteArray())
                .body())
        .isEqualTo(data);
    send("DELETE", "/v1/caches/cache-0", null, true);
    HttpResponse<byte[]> none = send("GET", "/r/" + id(), null, false);
    assertThat(none.statusCode()).isEqualTo(503);
    assertThat(none.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void heartbeatsAskForRecordsTheTrackerLacksAndUrlsAndProbesMapToContents() throws Exception {
    var hb = new CacheHeartbeat(origin.baseUrl(), List.of(id()), 1, 1, 1, Map.of(), Map.of(), "");
    JsonNode reply = json(send("PUT", "/v1/caches/cache-0", hb, true));
    assertThat(reply.get("missingRecords").get(0).asText()).isEqualTo(id());
    send("PUT", "/v1/contents/" + id(), record(), true);
    assertThat(json(send("PUT", "/v1/caches/cache-0", hb, true)).get("missingRecords")).isEmpty();
    assertThat(
            json(send("GET", "/v1/contents/by-url?url=https://origin.example/v.mp4", null, false))
                .get("contentId")
                .asText())
        .isEqualTo(id());
    assertThat(
            json(send("GET", "/v1/contents/by-probe/probe-" + id().substring(0, 8), null, false))
                .get("contentIds")
                .get(0)
                .asText())
        .isEqualTo(id());
  }

  @Test
  void adminCallsNeedTheTokenAndBadInputGetsJsonErrors() throws Exception {
    HttpResponse<byte[]> noAuth = send("PUT", "/v1/contents/" + id(), record(), false);
    assertThat(noAuth.statusCode()).isEqualTo(401);
    assertThat(json(noAuth).get("error").asText()).isEqualTo("unauthorized");
    assertThat(send("PUT", "/v1/contents/" + id(), "{not json".getBytes(), true).statusCode())
        .isEqualTo(400);
    ContentRecord shortPieces =
        new ContentRecord(id(), data.length, "mp4", "video/mp4", "AAAA", null, List.of());
    HttpResponse<byte[]> bad = send("PUT", "/v1/contents/" + id(), shortPieces, true);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("detail").asText()).contains("pieces");
    assertThat(send("PUT", "/v1/contents/" + id(), record(), true).statusCode()).isEqualTo(201);
    assertThat(send("PUT", "/v1/contents/" + id(), record(), true).statusCode()).isEqualTo(200);
    ContentRecord other =
        new ContentRecord(
            id(), data.length, "mkv", "video/x-matroska", record().pieces(), null, List.of());
    HttpResponse<byte[]> conflict = send("PUT", "/v1/contents/" + id(), other, true);
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(send("GET", "/v1/contents/NOT-AN-ID.torrent", null, false).statusCode())
        .isEqualTo(400);
    assertThat(
            send(
                    "PUT",
                    "/v1/contents/" + id() + "/mirrors",
                    new MirrorList(List.of("ftp://x/y")),
                    true)
                .statusCode())
        .isEqualTo(400);
    assertThat(send("GET", "/v1/contents/" + "0".repeat(64) + ".meta4", null, false).statusCode())
        .isEqualTo(404);
  }

  @Test
  void theSwarmReportNamesContentsAndCountsPlainHttpBytes() throws Exception {
    publishAndRegister("cache-0", origin.baseUrl());
    String infoHash =
        json(send("GET", "/v1/contents/" + id(), null, false)).get("infoHash").asText();
    var hb =
        new CacheHeartbeat(
            origin.baseUrl(), List.of(id()), 1, 1, 1, Map.of(), Map.of(id(), 5000L), "");
    send("PUT", "/v1/caches/cache-0", hb, true);
    JsonNode swarms = json(send("GET", "/v1/swarms", null, false));
    assertThat(swarms).hasSize(1);
    assertThat(swarms.get(0).get("infoHash").asText()).isEqualTo(infoHash);
    assertThat(swarms.get(0).get("contentId").asText()).isEqualTo(id());
    assertThat(swarms.get(0).get("downloadedBytes").asLong()).isEqualTo(5000);
    assertThat(swarms.get(0).get("network").asText()).isEqualTo("bittorrent");
    assertThat(ProbeHash.ranges(data.length)).hasDimensions(1, 2);
  }

  @Test
  void renditionsAreClaimedOnceAndRecordedCompareAndSet() throws Exception {
    String p = "/v1/renditions/";
    var claim =
        new dev.whirlwind.protocol.tracker.RenditionClaim(id(), "abcd1234", "transcoder-0", 300);
    assertThat(send("POST", p + "claims", claim, true).statusCode()).isEqualTo(201);
    var rival =
        new dev.whirlwind.protocol.tracker.RenditionClaim(id(), "abcd1234", "transcoder-1", 300);
    HttpResponse<byte[]> refused = send("POST", p + "claims", rival, true);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(json(refused).get("holder").asText()).isEqualTo("transcoder-0");
    var first =
        new dev.whirlwind.protocol.tracker.RenditionRecord(
            id(), "abcd1234", "e".repeat(64), "360p");
    assertThat(send("PUT", p + id() + "/abcd1234", first, true).statusCode()).isEqualTo(201);
    var other =
        new dev.whirlwind.protocol.tracker.RenditionRecord(
            id(), "abcd1234", "f".repeat(64), "360p");
    HttpResponse<byte[]> lost = send("PUT", p + id() + "/abcd1234", other, true);
    assertThat(lost.statusCode()).isEqualTo(409);
    assertThat(json(lost).get("renditionId").asText()).isEqualTo("e".repeat(64));
    assertThat(json(send("GET", p + id() + "/abcd1234", null, false)).get("renditionId").asText())
        .isEqualTo("e".repeat(64));
    assertThat(json(send("GET", p + id(), null, false))).hasSize(1);
    HttpResponse<byte[]> done = send("POST", p + "claims", rival, true);
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(json(done).get("renditionId").asText()).isEqualTo("e".repeat(64));
    assertThat(send("POST", p + "claims", claim, false).statusCode()).isEqualTo(401);
    assertThat(send("GET", p + id() + "/NOTHEX", null, false).statusCode()).isEqualTo(400);
  }

  @Test
  void aRenditionNoCacheHoldsIsLostOnlyWhereTheShardCanTell() throws Exception {
    // This tracker is shard 0 of 2: caches tell it only about contents shard 0 owns.
    var clock = new dev.whirlwind.tracker.testing.ManualClock();
    tracker.close();
    tracker = TrackerDaemon.start(config, clock);
    String ownedHere = null;
    String ownedElsewhere = null;
    for (char c : "0123456789abcdef".toCharArray()) {
      String id = String.valueOf(c).repeat(64);
      if (dev.whirlwind.protocol.tracker.Shards.of(
              new dev.whirlwind.protocol.content.ContentId(id), 2)
          == 0) {
        ownedHere = ownedHere == null ? id : ownedHere;
      } else {
        ownedElsewhere = ownedElsewhere == null ? id : ownedElsewhere;
      }
    }
    String p = "/v1/renditions/" + id() + "/";
    var here = new dev.whirlwind.protocol.tracker.RenditionRecord(id(), "abcd0001", ownedHere, "a");
    var elsewhere =
        new dev.whirlwind.protocol.tracker.RenditionRecord(id(), "abcd0002", ownedElsewhere, "b");
    assertThat(send("PUT", p + "abcd0001", here, true).statusCode()).isEqualTo(201);
    assertThat(send("PUT", p + "abcd0002", elsewhere, true).statusCode()).isEqualTo(201);
    // Within three heartbeat intervals nobody's silence means anything yet.
    clock.advance(Duration.ofSeconds(89));
    assertThat(send("GET", p + "abcd0001", null, false).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(2));
    assertThat(send("GET", p + "abcd0001", null, false).statusCode()).as("lost").isEqualTo(404);
    assertThat(send("GET", p + "abcd0002", null, false).statusCode())
        .as("beyond this shard's sight")
        .isEqualTo(200);
    var again =
        new dev.whirlwind.protocol.tracker.RenditionRecord(id(), "abcd0001", "9".repeat(64), "a");
    assertThat(send("PUT", p + "abcd0001", again, true).statusCode())
        .as("the lost one is replaced")
        .isEqualTo(201);
  }

  @Test
  void renditionsCarryTheirParametersAndOutliveARestart() throws Exception {
    var profile =
        new dev.whirlwind.protocol.transcode.RenditionProfile(
                "360p", "h264", 640, 360, 100_000, 0, 0, null, 0, null, "aac", 0, 0, 0, "mp4", 0,
                "cpu")
            .effective();
    String hash = profile.parametersHash();
    String p = "/v1/renditions/" + id() + "/";
    var wrongKey =
        new dev.whirlwind.protocol.tracker.RenditionRecord(
            id(), "abcd1234", "e".repeat(64), "360p", profile);
    HttpResponse<byte[]> refused = send("PUT", p + "abcd1234", wrongKey, true);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).get("detail").asText()).contains("hash to " + hash);
    var record =
        new dev.whirlwind.protocol.tracker.RenditionRecord(
            id(), hash, "e".repeat(64), "360p", profile);
    assertThat(send("PUT", p + hash, record, true).statusCode()).isEqualTo(201);

    tracker.close();
    tracker = TrackerDaemon.start(config, Clock.systemUTC());
    JsonNode kept = json(send("GET", p + hash, null, false));
    assertThat(kept.get("renditionId").asText()).isEqualTo("e".repeat(64));
    assertThat(kept.get("profile").get("width").asInt()).isEqualTo(640);
    assertThat(JSON.treeToValue(kept.get("profile"), profile.getClass())).isEqualTo(profile);
    var rival =
        new dev.whirlwind.protocol.tracker.RenditionRecord(
            id(), hash, "f".repeat(64), "360p", profile);
    HttpResponse<byte[]> lost = send("PUT", p + hash, rival, true);
    assertThat(lost.statusCode()).as("compare-and-set after the restart").isEqualTo(409);
    assertThat(json(lost).get("renditionId").asText()).isEqualTo("e".repeat(64));
  }

  @Test
  void registrationsAreListedWithTheirRenditionsAndAPurgeForgetsTheContent() throws Exception {
    origin.put("/mirror/v.mp4", data);
    String self = url("");
    // The typed client, as the operator uses it, against this one shard.
    var client =
        new dev.whirlwind.protocol.tracker.TrackerClient(
            List.of(self), TOKEN, HttpClient.newHttpClient(), Duration.ofSeconds(5));
    var registration =
        new dev.whirlwind.protocol.tracker.ContentRegistration(
            "video/films",
            List.of("bbb"),
            "Big Buck Bunny",
            List.of("https://origin.example/v.mp4"),
            List.of(origin.url("/mirror/v.mp4")),
            data.length);
    client.register(digest.contentId(), registration);
    var listed = client.registrations(self);
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).contentId()).isEqualTo(id());
    assertThat(listed.get(0).registration()).isEqualTo(registration);
    assertThat(listed.get(0).published()).isFalse();

    publishAndRegister("cache-0", origin.baseUrl());
    var rendition =
        new dev.whirlwind.protocol.tracker.RenditionRecord(
            id(), "ab".repeat(32), "cd".repeat(32), "360p");
    assertThat(
            send("PUT", "/v1/renditions/" + id() + "/" + "ab".repeat(32), rendition, true)
                .statusCode())
        .isEqualTo(201);
    listed = client.registrations(self);
    assertThat(listed.get(0).published()).isTrue();
    assertThat(listed.get(0).renditions())
        .extracting("renditionId")
        .containsExactly("cd".repeat(32));
    // The registration's mirrors are handed out once probed.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        new String(
                            send("GET", "/v1/contents/" + id() + ".meta4", null, false).body(),
                            StandardCharsets.UTF_8))
                    .contains("/mirror/v.mp4"));

    client.purge(digest.contentId());
    assertThat(client.registrations(self)).isEmpty();
    assertThat(send("GET", "/v1/contents/" + id(), null, false).statusCode()).isEqualTo(404);
    assertThat(
            json(send("GET", "/v1/contents/by-url?url=https://origin.example/v.mp4", null, false))
                .get("error")
                .asText())
        .isEqualTo("not_found");
    // A cache whose heartbeat left before it deleted its copy is not asked to publish it again.
    var late = new CacheHeartbeat(origin.baseUrl(), List.of(id()), 1, 1, 1, Map.of(), Map.of(), "");
    assertThat(json(send("PUT", "/v1/caches/cache-9", late, true)).get("missingRecords")).isEmpty();
    // Purging what is gone is no error for the client; the API says 404.
    client.purge(digest.contentId());
    assertThat(send("DELETE", "/v1/contents/" + id(), null, true).statusCode()).isEqualTo(404);
    assertThat(send("DELETE", "/v1/contents/" + id(), null, false).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/v1/registrations", null, false).statusCode()).isEqualTo(401);
    HttpResponse<byte[]> bad =
        send(
            "PUT",
            "/v1/contents/" + id() + "/registration",
            Map.of("videoIds", List.of("x")),
            true);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("detail").asText()).contains("catalog");
  }
}
