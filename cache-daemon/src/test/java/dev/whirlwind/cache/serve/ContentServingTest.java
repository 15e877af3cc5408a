package dev.whirlwind.cache.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.cache.CacheDaemon;
import dev.whirlwind.cache.CacheTestConfigs;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.content.ContentHasher;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Serving as RFC 9110 and DESIGN.md say, over real HTTP on loopback, for every transport. */
class ContentServingTest {
  @TempDir Path data;
  private CacheDaemon cache;
  private byte[] content;
  private String id;
  private final HttpClient http = HttpClient.newHttpClient();

  void start(String transport) throws Exception {
    start(CacheTestConfigs.cache(data, transport));
  }

  void start(dev.whirlwind.protocol.cache.CacheDaemonConfig config) throws Exception {
    cache = CacheDaemon.start(config);
    content = new byte[1_000_000];
    new Random(3).nextBytes(content);
    id = ContentHasher.hash(new ByteArrayInputStream(content), content.length).contentId().hex();
    Path tmp = cache.store().newTempFile();
    Files.write(tmp, content);
    cache
        .store()
        .publish(
            tmp,
            new StoredContent(
                id, content.length, "video/mp4", "mp4", "", null, List.of(), false, 1));
  }

  @BeforeEach
  void startEpoll() throws Exception {
    start("epoll");
  }

  @AfterEach
  void stop() {
    cache.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cache.address().getPort() + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "io_uring", "nio"})
  void theWholeContentWithItsHeadersOnEveryTransport(String transport) throws Exception {
    if (!transport.equals("epoll")) {
      cache.close();
      start(transport);
    }
    HttpResponse<byte[]> r = get("/c/" + id + "/" + id + ".mp4");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(content);
    var h = r.headers();
    assertThat(h.firstValue("ETag")).hasValue("\"" + id + "\"");
    assertThat(h.firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
    assertThat(h.firstValue("Content-Type")).hasValue("video/mp4");
    assertThat(h.firstValue("Accept-Ranges")).hasValue("bytes");
    assertThat(h.firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(h.firstValue("Content-Length")).hasValue(String.valueOf(content.length));
  }

  @Test
  void aSingleRangeIsAPlain206() throws Exception {
    HttpResponse<byte[]> r = get("/c/" + id, "Range", "bytes=100-199");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 100-199/" + content.length);
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));
    HttpResponse<byte[]> suffix = get("/c/" + id, "Range", "bytes=-10");
    assertThat(suffix.body())
        .isEqualTo(Arrays.copyOfRange(content, content.length - 10, content.length));
  }

  @Test
  void bodiesCorkedWhileSentAreUncorkedAtTheirEnd() throws Exception {
    // A body is sent under TCP_CORK; an end without uncorking holds its last partial segment for
    // the kernel's 200 ms. Small answers on one keep-alive connection show it in every answer.
    long[] nanos = new long[15];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      HttpResponse<byte[]> r =
          get("/c/" + id, "Range", "bytes=" + i * 1000 + "-" + (i * 1000 + 999));
      nanos[i] = System.nanoTime() - start;
      assertThat(r.body()).isEqualTo(Arrays.copyOfRange(content, i * 1000, i * 1000 + 1000));
    }
    Arrays.sort(nanos);
    assertThat(nanos[nanos.length / 2]).isLessThan(TimeUnit.MILLISECONDS.toNanos(150));
  }

  @Test
  void severalRangesAreMultipartWithTheLengthComputedUpFront() throws Exception {
    HttpResponse<byte[]> r = get("/c/" + id, "Range", "bytes=0-9, 500-509, 5-14, 999990-");
    assertThat(r.statusCode()).isEqualTo(206);
    String type = r.headers().firstValue("Content-Type").orElseThrow();
    assertThat(type).startsWith("multipart/byteranges; boundary=");
    assertThat(r.headers().firstValue("Content-Length")).hasValue(String.valueOf(r.body().length));
    String boundary = type.substring(type.indexOf('=') + 1);
    String body = new String(r.body(), StandardCharsets.ISO_8859_1);
    // 0-9 and 5-14 coalesce into 0-14.
    String[] parts = body.split("--" + boundary);
    assertThat(parts).hasSize(5); // preamble, three parts, closing "--\r\n"
    assertThat(parts[1]).contains("Content-Range: bytes 0-14/" + content.length);
    assertThat(parts[2]).contains("Content-Range: bytes 500-509/" + content.length);
    assertThat(parts[3]).contains("Content-Range: bytes 999990-999999/" + content.length);
    String first = parts[1].substring(parts[1].indexOf("\r\n\r\n") + 4, parts[1].length() - 2);
    assertThat(first.getBytes(StandardCharsets.ISO_8859_1))
        .isEqualTo(Arrays.copyOfRange(content, 0, 15));
    assertThat(parts[4]).isEqualTo("--\r\n");
  }

  @Test
  void unsatisfiableIs416AndInvalidSyntaxIsIgnored() throws Exception {
    HttpResponse<byte[]> r = get("/c/" + id, "Range", "bytes=2000000-");
    assertThat(r.statusCode()).isEqualTo(416);
    assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes */" + content.length);
    assertThat(get("/c/" + id, "Range", "bytes=9-1").statusCode()).isEqualTo(200);
    assertThat(get("/c/" + id, "Range", "lines=1-2").statusCode()).isEqualTo(200);
  }

  @Test
  void ifRangeUsesStrongComparisonAndHeadIgnoresRange() throws Exception {
    assertThat(get("/c/" + id, "Range", "bytes=0-0", "If-Range", "\"" + id + "\"").statusCode())
        .isEqualTo(206);
    assertThat(get("/c/" + id, "Range", "bytes=0-0", "If-Range", "W/\"" + id + "\"").statusCode())
        .isEqualTo(200);
    assertThat(
            get("/c/" + id, "Range", "bytes=0-0", "If-Range", "Wed, 21 Oct 2015 07:28:00 GMT")
                .statusCode())
        .isEqualTo(200);
    HttpResponse<byte[]> head =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cache.address().getPort() + "/c/" + id))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Range", "bytes=0-9")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length"))
        .hasValue(String.valueOf(content.length));
    assertThat(head.body()).isEmpty();
    assertThat(get("/c/" + id, "If-None-Match", "\"" + id + "\"").statusCode()).isEqualTo(304);
  }

  @Test
  void mistakesGetJsonErrors() throws Exception {
    HttpResponse<byte[]> missing = get("/c/" + "0".repeat(64));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(new String(missing.body(), StandardCharsets.UTF_8))
        .contains("\"error\":\"not_found\"");
    assertThat(get("/c/..%2F..%2Fetc%2Fpasswd").statusCode()).isEqualTo(404);
    assertThat(get("/c/" + id.toUpperCase()).statusCode()).isEqualTo(404);
    HttpResponse<byte[]> post =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cache.address().getPort() + "/c/" + id))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(post.statusCode()).isEqualTo(405);
    HttpResponse<byte[]> preflight =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cache.address().getPort() + "/c/" + id))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
        .hasValueSatisfying(v -> assertThat(v).contains("Range"));
  }

  /**
   * BitTorrent clients pipeline their web-seed range requests on one connection (libtorrent sends
   * several at once); each answer must come whole and in order, never interleaved with the next.
   */
  @Test
  void pipelinedRangeRequestsAreAnsweredOneAfterAnotherInOrder() throws Exception {
    // Shaped (2 MB/s for the content): a transfer waits for its bucket, which is when a second
    // pipelined request used to start a transfer of its own on the same connection.
    cache.close();
    start(
        CacheTestConfigs.withRates(
            data,
            "epoll",
            data.resolve("no-token").toString(),
            0,
            List.of(),
            4_000_000,
            2_000_000));
    int[][] ranges = {{0, 399_999}, {400_000, 799_999}, {123, 122_222}, {800_000, 999_999}};
    try (Socket s = new Socket("127.0.0.1", cache.address().getPort())) {
      s.setSoTimeout(20_000);
      StringBuilder requests = new StringBuilder();
      for (int[] r : ranges) {
        requests
            .append("GET /c/")
            .append(id)
            .append(" HTTP/1.1\r\nHost: x\r\nRange: bytes=")
            .append(r[0])
            .append('-')
            .append(r[1])
            .append("\r\n\r\n");
      }
      // One write: the requests arrive together and are decoded in one go.
      s.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = new java.io.BufferedInputStream(s.getInputStream());
      for (int[] r : ranges) {
        String head = readHead(in);
        assertThat(head).startsWith("http/1.1 206");
        assertThat(head).contains("content-range: bytes " + r[0] + "-" + r[1] + "/");
        int length =
            Integer.parseInt(
                head.lines()
                    .filter(l -> l.startsWith("content-length:"))
                    .findFirst()
                    .orElseThrow()
                    .substring("content-length:".length())
                    .trim());
        assertThat(in.readNBytes(length))
            .as("bytes %d-%d", r[0], r[1])
            .isEqualTo(Arrays.copyOfRange(content, r[0], r[1] + 1));
      }
    }
  }

  private static String readHead(InputStream in) throws java.io.IOException {
    java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException("connection closed in a response head: " + head);
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
  }

  @Test
  void oversizedHeadersAre431() throws Exception {
    try (Socket s = new Socket("127.0.0.1", cache.address().getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /c/" + id + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).isEqualTo("HTTP/1.1 431");
    }
  }

  @Test
  void curlGetsEveryRangeOfAMultipartResponse(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(new java.io.File("/usr/bin/curl").canExecute(), "curl is not installed");
    Path out = dir.resolve("out");
    Process p =
        new ProcessBuilder(
                "curl",
                "-s",
                "-f",
                "-r",
                "10-19,30-39",
                "-o",
                out.toString(),
                "http://127.0.0.1:" + cache.address().getPort() + "/c/" + id)
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    String body = Files.readString(out, StandardCharsets.ISO_8859_1);
    assertThat(body)
        .contains("Content-Range: bytes 10-19/")
        .contains("Content-Range: bytes 30-39/");
  }

  @Test
  void metricsCountHitsMissesAndBytesWithoutPerContentLabels() throws Exception {
    get("/c/" + id);
    get("/c/" + "0".repeat(64));
    String metrics = new String(get("/metrics").body(), StandardCharsets.UTF_8);
    assertThat(metrics)
        .contains("whirlwind_cache_requests_total{result=\"hit\"} 1.0")
        .contains("whirlwind_cache_requests_total{result=\"miss\"} 1.0")
        .contains("whirlwind_cache_served_bytes_total " + (double) content.length)
        .contains("whirlwind_cache_contents 1.0")
        .doesNotContain(id);
  }
}
