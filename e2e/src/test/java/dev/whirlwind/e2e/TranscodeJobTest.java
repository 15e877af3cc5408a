package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.testing.Bodies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transcoder in its cluster: a source stored in a cache, a job posted to a transcoder, the
 * rendition streamed from the cache through the tracker's redirect, stored back into the cache and
 * recorded in the tracker's rendition map. The same job on a second transcoder is not done again,
 * and a restarted transcoder still answers for its finished job.
 */
class TranscodeJobTest {
  static final String TOKEN = "transcode-token";
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> call(String method, String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + TOKEN)
            .method(method, Bodies.orNone(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Path transcoderConfig(
      Path dir, String name, int port, String tracker, String cache, Path token) throws Exception {
    return Files.writeString(
        dir.resolve(name + ".yaml"),
        String.join(
            "\n",
            "bindAddress: 127.0.0.1",
            "port: " + port,
            "name: " + name,
            "adminTokenFile: " + token,
            "stateDir: " + dir.resolve(name + "-state"),
            "trackerUrls: [" + tracker + "]",
            "cacheUrls: [" + cache + "]",
            "threadsPerJob: 1",
            ""));
  }

  private JsonNode awaitJob(String transcoder, String jobId) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              last[0] = JSON.readTree(call("GET", transcoder + "/v1/jobs/" + jobId, null).body());
              String state = last[0].path("state").asText();
              return state.equals("Completed") || state.equals("Failed");
            });
    return last[0];
  }

  private String upload(String cache, Path file) throws Exception {
    byte[] data = Files.readAllBytes(file);
    String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    HttpResponse<String> up =
        http.send(
            HttpRequest.newBuilder(URI.create(cache + "/v1/contents/" + id + "?ext=mp4"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "video/mp4")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    return id;
  }

  @Test
  void aJobIsTranscodedOnceStoredInACacheAndRecordedWithTheTracker(@TempDir Path dir)
      throws Exception {
    Path token = Files.writeString(dir.resolve("token"), TOKEN);
    Path source = NoiseClips.make(dir, "source.mp4", 2);
    byte[] data = Files.readAllBytes(source);
    String sourceId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));

    int trackerPort = DaemonProcess.freePort();
    int cachePort = DaemonProcess.freePort();
    int t1Port = DaemonProcess.freePort();
    int t2Port = DaemonProcess.freePort();
    String tracker = "http://127.0.0.1:" + trackerPort;
    String cache = "http://127.0.0.1:" + cachePort;
    String t1 = "http://127.0.0.1:" + t1Port;
    String t2 = "http://127.0.0.1:" + t2Port;
    Path t1Config = transcoderConfig(dir, "t1", t1Port, tracker, cache, token);
    String job =
        "{\"sourceContentId\":\""
            + sourceId
            + "\",\"profile\":{\"name\":\"160p\",\"videoCodec\":\"h264\",\"width\":160,"
            + "\"height\":120,\"bitrateBytesPerSecond\":20000,\"audioCodec\":\"aac\","
            + "\"container\":\"mp4\",\"accelerator\":\"auto\"}}";
    try (DaemonProcess t = DaemonProcess.readyTracker(dir, trackerPort, token);
        DaemonProcess c = DaemonProcess.readyCache(dir, "c", cachePort, tracker, token)) {
      assertThat(upload(cache, source)).isEqualTo(sourceId);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  call("GET", tracker + "/v1/contents/" + sourceId + "/sources", null)
                      .body()
                      .contains(cache));

      String jobId;
      String renditionId;
      try (DaemonProcess first = DaemonProcess.start("transcoder-daemon", t1Config, dir)) {
        first.awaitReady(t1 + "/readyz", Duration.ofSeconds(60));
        HttpResponse<String> posted = call("POST", t1 + "/v1/jobs", job);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        JsonNode accepted = JSON.readTree(posted.body());
        jobId = accepted.get("jobId").asText();
        JsonNode done = awaitJob(t1, jobId);
        assertThat(done.get("state").asText()).as(done + "\n" + first.log()).isEqualTo("Completed");
        assertThat(done.get("path").asText()).isEqualTo("cpu+cpu(libx264)");
        assertThat(done.get("reused").asBoolean()).isFalse();
        assertThat(done.get("frames").asLong()).isEqualTo(50);
        renditionId = done.get("renditionId").asText();
        // Asking again is the same job, already done.
        JsonNode again = JSON.readTree(call("POST", t1 + "/v1/jobs", job).body());
        assertThat(again.get("jobId").asText()).isEqualTo(jobId);
        assertThat(again.get("state").asText()).isEqualTo("Completed");
        assertThat(call("GET", t1 + "/metrics", null).body())
            .contains("whirlwind_transcoder_job_duration_seconds_count{path=\"cpu\"} 1")
            .contains("whirlwind_transcoder_engine{kind=\"cpu_encoder\",name=\"libx264\"} 1.0")
            .contains("whirlwind_transcoder_engine{kind=\"cpu_encoder\",name=\"libsvtav1\"} 1.0");
        // An HLS rendition: the cache serves its byte-range playlist next to it.
        String hlsJob = job.replace("\"container\":\"mp4\"", "\"container\":\"hls\"");
        JsonNode hls =
            awaitJob(
                t1,
                JSON.readTree(call("POST", t1 + "/v1/jobs", hlsJob).body()).get("jobId").asText());
        assertThat(hls.get("state").asText()).as(hls.toString()).isEqualTo("Completed");
        String hlsId = hls.get("renditionId").asText();
        HttpResponse<String> playlist =
            http.send(
                HttpRequest.newBuilder(URI.create(cache + "/c/" + hlsId + ".m3u8")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(playlist.statusCode()).isEqualTo(200);
        assertThat(playlist.headers().firstValue("Content-Type"))
            .hasValue("application/vnd.apple.mpegurl");
        assertThat(playlist.body())
            .startsWith("#EXTM3U")
            .contains("#EXT-X-MAP:URI=\"" + hlsId + "/" + hlsId + ".mp4\",BYTERANGE=")
            .contains("#EXT-X-BYTERANGE:")
            .endsWith("#EXT-X-ENDLIST\n");
        // Every byte range the playlist names is served as such.
        java.util.regex.Matcher range =
            java.util.regex.Pattern.compile("#EXT-X-BYTERANGE:(\\d+)@(\\d+)")
                .matcher(playlist.body());
        int segments = 0;
        while (range.find()) {
          long length = Long.parseLong(range.group(1));
          long offset = Long.parseLong(range.group(2));
          HttpResponse<byte[]> part =
              http.send(
                  HttpRequest.newBuilder(URI.create(cache + "/c/" + hlsId + "/" + hlsId + ".mp4"))
                      .header("Range", "bytes=" + offset + "-" + (offset + length - 1))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
          assertThat(part.statusCode()).isEqualTo(206);
          assertThat(new String(part.body(), 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1))
              .as("each fragment starts with its moof box")
              .isEqualTo("moof");
          segments++;
        }
        assertThat(segments).isEqualTo(1); // two seconds at the default six-second segments
        // Another cache that fetches the rendition from the cluster serves the same playlist:
        // the index travels with the tracker's record.
        int otherPort = DaemonProcess.freePort();
        String other = "http://127.0.0.1:" + otherPort;
        try (DaemonProcess d =
            DaemonProcess.start(
                "cache-daemon",
                DaemonProcess.cacheConfig(dir, "d", otherPort, tracker, token),
                dir)) {
          d.awaitReady(other + "/readyz", Duration.ofSeconds(60));
          HttpResponse<byte[]> pulled =
              http.send(
                  HttpRequest.newBuilder(URI.create(other + "/c/" + hlsId)).build(),
                  HttpResponse.BodyHandlers.ofByteArray());
          assertThat(pulled.statusCode()).as(d.log()).isEqualTo(200);
          String[] copied = new String[1];
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> {
                    HttpResponse<String> r =
                        http.send(
                            HttpRequest.newBuilder(URI.create(other + "/c/" + hlsId + ".m3u8"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    copied[0] = r.body();
                    return r.statusCode() == 200;
                  });
          assertThat(copied[0]).isEqualTo(playlist.body());
        }
      }
      // The tracker maps (source, profile hash) to the rendition, and the cache serves it.
      String profileHash = jobId.substring(jobId.indexOf('-') + 1);
      JsonNode recorded =
          JSON.readTree(call("GET", tracker + "/v1/renditions/" + sourceId, null).body());
      JsonNode mp4 = null;
      for (JsonNode r : recorded) {
        if (r.get("profileHash").asText().startsWith(profileHash)) {
          mp4 = r;
        }
      }
      assertThat(mp4).as(recorded.toString()).isNotNull();
      String fullProfileHash = mp4.get("profileHash").asText();
      assertThat(mp4.get("renditionId").asText()).isEqualTo(renditionId);
      assertThat(recorded).hasSize(2); // the MP4 and the HLS rendition
      HttpResponse<byte[]> rendition =
          http.send(
              HttpRequest.newBuilder(URI.create(cache + "/c/" + renditionId)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(rendition.statusCode()).isEqualTo(200);
      assertThat(
              HexFormat.of()
                  .formatHex(MessageDigest.getInstance("SHA-256").digest(rendition.body())))
          .isEqualTo(renditionId);
      assertThat(new String(rendition.body(), 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1))
          .isEqualTo("ftyp");

      // Another transcoder asked for the same job reuses the recorded rendition.
      try (DaemonProcess second =
          DaemonProcess.start(
              "transcoder-daemon",
              transcoderConfig(dir, "t2", t2Port, tracker, cache, token),
              dir)) {
        second.awaitReady(t2 + "/readyz", Duration.ofSeconds(60));
        // Allowed to, the API answers with the closest existing rendition instead of transcoding,
        // judged from the parameters the tracker's record carries: this transcoder has not seen
        // the profile before.
        String smaller =
            job.replace("\"width\":160,\"height\":120", "\"width\":128,\"height\":96")
                .replace("}}", "},\"acceptClosest\":true}");
        JsonNode closest = JSON.readTree(call("POST", t2 + "/v1/jobs", smaller).body());
        assertThat(closest.get("state").asText()).as(closest.toString()).isEqualTo("Completed");
        assertThat(closest.get("reused").asBoolean()).isTrue();
        assertThat(closest.get("renditionId").asText()).isEqualTo(renditionId);
        assertThat(closest.get("reason").asText()).contains("closest").contains("160p");
        JsonNode other =
            awaitJob(
                t2, JSON.readTree(call("POST", t2 + "/v1/jobs", job).body()).get("jobId").asText());
        assertThat(other.get("state").asText()).isEqualTo("Completed");
        assertThat(other.get("reused").asBoolean()).isTrue();
        assertThat(other.get("renditionId").asText()).isEqualTo(renditionId);
        // An unknown source fails with a reason; the daemon keeps serving.
        String unknown = job.replace(sourceId, "0".repeat(64));
        JsonNode failed =
            awaitJob(
                t2,
                JSON.readTree(call("POST", t2 + "/v1/jobs", unknown).body()).get("jobId").asText());
        assertThat(failed.get("state").asText()).isEqualTo("Failed");
        assertThat(failed.get("reason").asText()).isNotBlank();
        // The failed job let go of its claim: another transcoder may take the key at once.
        String takeover =
            "{\"sourceId\":\""
                + "0".repeat(64)
                + "\",\"profileHash\":\""
                + failed.get("profileHash").asText()
                + "\",\"claimant\":\"another\",\"ttlSeconds\":60}";
        // Well before the claim's ten-minute life (claimTtlSeconds' default) runs out.
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    call("POST", tracker + "/v1/renditions/claims", takeover).statusCode() == 201);
        assertThat(call("GET", t2 + "/healthz", null).statusCode()).isEqualTo(200);
      }
      // A restarted transcoder still answers for the job it finished.
      try (DaemonProcess restarted = DaemonProcess.start("transcoder-daemon", t1Config, dir)) {
        restarted.awaitReady(t1 + "/readyz", Duration.ofSeconds(60));
        JsonNode kept = JSON.readTree(call("GET", t1 + "/v1/jobs/" + jobId, null).body());
        assertThat(kept.get("state").asText()).isEqualTo("Completed");
        assertThat(kept.get("renditionId").asText()).isEqualTo(renditionId);
        assertThat(
                http.send(
                        HttpRequest.newBuilder(URI.create(t1 + "/v1/jobs")).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode())
            .as("no token")
            .isEqualTo(401);
        // Every cache evicts the rendition: once the tracker counts it lost (three heartbeat
        // intervals), asking for the job again renders it again instead of answering with an id
        // nobody serves.
        assertThat(call("DELETE", cache + "/v1/contents/" + renditionId, null).statusCode())
            .isEqualTo(200);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    call(
                                "GET",
                                tracker + "/v1/renditions/" + sourceId + "/" + fullProfileHash,
                                null)
                            .statusCode()
                        == 404);
        JsonNode again = JSON.readTree(call("POST", t1 + "/v1/jobs", job).body());
        assertThat(again.get("state").asText()).as(again.toString()).isNotEqualTo("Completed");
        JsonNode redone = awaitJob(t1, jobId);
        assertThat(redone.get("state").asText()).as(redone.toString()).isEqualTo("Completed");
        assertThat(redone.get("reused").asBoolean()).isFalse();
        String renewed = redone.get("renditionId").asText();
        assertThat(
                http.send(
                        HttpRequest.newBuilder(URI.create(cache + "/c/" + renewed)).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode())
            .isEqualTo(200);
        assertThat(
                JSON.readTree(
                        call(
                                "GET",
                                tracker + "/v1/renditions/" + sourceId + "/" + fullProfileHash,
                                null)
                            .body())
                    .get("renditionId")
                    .asText())
            .isEqualTo(renewed);
      }

      // Idle pre-transcoding: a transcoder with nothing to do renders the popular source (it has
      // a swarm: caches report the bytes they served) to its configured profile.
      dev.whirlwind.protocol.transcode.RenditionProfile small =
          new dev.whirlwind.protocol.transcode.RenditionProfile(
              "96p", "h264", 128, 96, 10_000, 0, 0, null, 0, null, "none", 0, 0, 0, "mp4", 0,
              "cpu");
      http.send(
          HttpRequest.newBuilder(URI.create(cache + "/c/" + sourceId)).build(),
          HttpResponse.BodyHandlers.discarding());
      Path idleConfig = transcoderConfig(dir, "t3", t2Port, tracker, cache, token);
      Files.writeString(
          idleConfig,
          String.join(
              "\n",
              "idlePretranscodeSeconds: 1",
              "profiles:",
              "  - name: 96p",
              "    videoCodec: h264",
              "    width: 128",
              "    height: 96",
              "    bitrateBytesPerSecond: 10000",
              "    audioCodec: none",
              "    container: mp4",
              "    accelerator: cpu",
              ""),
          java.nio.file.StandardOpenOption.APPEND);
      try (DaemonProcess idle = DaemonProcess.start("transcoder-daemon", idleConfig, dir)) {
        idle.awaitReady(t2 + "/readyz", Duration.ofSeconds(60));
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    call(
                                "GET",
                                tracker
                                    + "/v1/renditions/"
                                    + sourceId
                                    + "/"
                                    + small.parametersHash(),
                                null)
                            .statusCode()
                        == 200);
        JsonNode jobs = JSON.readTree(call("GET", t2 + "/v1/jobs", null).body());
        assertThat(jobs.get(0).get("profileName").asText()).isEqualTo("96p");
        // The tracker records the rendition a moment before the job says Completed.
        assertThat(awaitJob(t2, jobs.get(0).get("jobId").asText()).get("state").asText())
            .isEqualTo("Completed");
      }

      // A job interrupted by a shutdown is re-queued by the next start and completes.
      String longId = upload(cache, NoiseClips.make(dir, "long.mp4", 90));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  call("GET", tracker + "/v1/contents/" + longId + "/sources", null).statusCode()
                      == 200);
      String longJob = job.replace(sourceId, longId);
      String longJobId;
      try (DaemonProcess interrupted = DaemonProcess.start("transcoder-daemon", t1Config, dir)) {
        interrupted.awaitReady(t1 + "/readyz", Duration.ofSeconds(60));
        longJobId =
            JSON.readTree(call("POST", t1 + "/v1/jobs", longJob).body()).get("jobId").asText();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50))
            .until(
                () ->
                    JSON.readTree(call("GET", t1 + "/v1/jobs/" + longJobId, null).body())
                            .path("frames")
                            .asLong()
                        > 0);
      }
      try (DaemonProcess resumed = DaemonProcess.start("transcoder-daemon", t1Config, dir)) {
        resumed.awaitReady(t1 + "/readyz", Duration.ofSeconds(60));
        JsonNode finished = awaitJob(t1, longJobId);
        assertThat(finished.get("state").asText())
            .as(finished + "\n" + resumed.log())
            .isEqualTo("Completed");
        assertThat(finished.get("frames").asLong()).isEqualTo(90 * 25);
        assertThat(resumed.log()).contains("re-queueing job " + longJobId);
      }
    }
  }
}
