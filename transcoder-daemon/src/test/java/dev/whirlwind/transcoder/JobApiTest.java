package dev.whirlwind.transcoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.whirlwind.protocol.testing.Bodies;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job API against bad requests: each is answered, in JSON, with what was wrong; a source the
 * cluster does not know fails the job as {@code cluster}.
 */
class JobApiTest {
  static final String SOURCE = "ef".repeat(32);
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private HttpServer tracker;
  // Closed, the fake tracker holds every request until the test ends: jobs stay queued.
  private volatile java.util.concurrent.CountDownLatch trackerGate =
      new java.util.concurrent.CountDownLatch(0);
  private TranscoderDaemon daemon;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    // A tracker that knows no content.
    tracker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    tracker.createContext(
        "/",
        ex -> {
          try {
            trackerGate.await(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body =
              "{\"error\":\"not_found\",\"detail\":\"no content\"}"
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(404, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    tracker.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    tracker.start();
    daemon =
        TestTranscoders.start(
            dir,
            Map.of(
                "trackerUrls", List.of("http://127.0.0.1:" + tracker.getAddress().getPort()),
                "cacheUrls", List.of("http://127.0.0.1:9"),
                "maxQueuedJobs", 2));
  }

  @AfterEach
  void stop() {
    trackerGate.countDown();
    if (daemon != null) {
      daemon.close();
    }
    tracker.stop(0);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.address().getPort() + path))
            .header("Authorization", "Bearer tok")
            .method(method, Bodies.orNone(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String job(String profile) {
    return "{\"sourceContentId\":\"" + SOURCE + "\",\"profile\":" + profile + "}";
  }

  static final String GOOD =
      "{\"name\":\"360p\",\"videoCodec\":\"h264\",\"width\":640,\"bitrateBytesPerSecond\":100000,"
          + "\"audioCodec\":\"aac\",\"container\":\"mp4\",\"accelerator\":\"cpu\"}";

  @Test
  void profilesMissingFieldsOrShapedLikeTheCrdAreAnswered400() throws Exception {
    for (String missing : new String[] {"videoCodec", "audioCodec", "container"}) {
      String profile =
          GOOD.replaceAll("\"" + missing + "\":\"[a-z0-9]+\",?", "").replace(",}", "}");
      HttpResponse<String> r = send("POST", "/v1/jobs", job(profile));
      assertThat(r.statusCode()).as(missing + ": " + r.body()).isEqualTo(400);
      assertThat(r.body()).contains(missing);
    }
    HttpResponse<String> crd =
        send(
            "POST",
            "/v1/jobs",
            job("{\"video\":{\"codec\":\"h264\",\"width\":640},\"container\":\"mp4\"}"));
    assertThat(crd.statusCode()).isEqualTo(400);
    assertThat(crd.body()).contains("\"error\":\"bad_json\"", "video");
    assertThat(send("POST", "/v1/jobs", "null").statusCode()).isEqualTo(400);
    assertThat(send("POST", "/v1/jobs", job("null")).body()).contains("profile is required");
  }

  @Test
  void anAbsurdFrameRateIsRefused() throws Exception {
    HttpResponse<String> r =
        send("POST", "/v1/jobs", job(GOOD.replace("}", ",\"frameRate\":\"999999/1\"}")));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("at most 240 frames per second");
  }

  @Test
  void aSourceTheClusterDoesNotKnowFailsAsCluster() throws Exception {
    HttpResponse<String> r = send("POST", "/v1/jobs", job(GOOD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String id = JSON.readTree(r.body()).get("jobId").asText();
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              last[0] = JSON.readTree(send("GET", "/v1/jobs/" + id, null).body());
              return last[0].get("state").asText().equals("Failed");
            });
    assertThat(last[0].toString()).contains("cluster").contains(SOURCE).doesNotContain("avformat");
  }

  @Test
  void newJobsPastTheQueueBoundAreAnswered503() throws Exception {
    trackerGate = new java.util.concurrent.CountDownLatch(1); // the one runner waits: jobs queue
    for (int i = 0; i < 2; i++) {
      String source = String.valueOf((char) ('a' + i)).repeat(64);
      HttpResponse<String> r = send("POST", "/v1/jobs", job(GOOD).replace(SOURCE, source));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }
    HttpResponse<String> full = send("POST", "/v1/jobs", job(GOOD).replace(SOURCE, "d".repeat(64)));
    assertThat(full.statusCode()).as(full.body()).isEqualTo(503);
    assertThat(full.body()).contains("too_many_jobs");
    assertThat(full.headers().firstValue("Retry-After")).hasValue("30");
  }

  @Test
  void unknownPathsAndMethodsSayWhatExists() throws Exception {
    assertThat(send("GET", "/v1/", null).statusCode()).isEqualTo(404);
    HttpResponse<String> r = send("PUT", "/v1/jobs", "{}");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("POST, GET, HEAD");
  }
}
