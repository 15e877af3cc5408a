package dev.whirlwind.protocol.tracker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.content.ContentId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The typed client of the trackers' admin API, as caches, transcoders and the operator use it.
 * Requests for one content go to the shard that owns it; a cache's heartbeat goes to every shard
 * with the contents that shard owns.
 */
public final class TrackerClient {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final List<String> shardUrls;
  private final String token;
  private final HttpClient http;

  /** A non-2xx answer; the message carries the tracker's JSON error. */
  public static final class TrackerException extends IOException {
    private final int status;

    public TrackerException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  public TrackerClient(List<String> shardUrls, String token) {
    this.shardUrls =
        shardUrls.stream().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).toList();
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public List<String> shardUrls() {
    return shardUrls;
  }

  public String shardOf(ContentId id) {
    return shardUrls.get(Shards.of(id, shardUrls.size()));
  }

  public void publish(ContentRecord record) throws IOException, InterruptedException {
    ContentId id = new ContentId(record.contentId());
    send("PUT", shardOf(id) + "/v1/contents/" + id.hex(), record, Object.class);
  }

  public HeartbeatReply heartbeat(String shardUrl, String cacheId, CacheHeartbeat heartbeat)
      throws IOException, InterruptedException {
    return send("PUT", shardUrl + "/v1/caches/" + cacheId, heartbeat, HeartbeatReply.class);
  }

  public void deregister(String shardUrl, String cacheId) throws IOException, InterruptedException {
    send("DELETE", shardUrl + "/v1/caches/" + cacheId, null, Object.class);
  }

  public void setMirrors(ContentId id, MirrorList mirrors)
      throws IOException, InterruptedException {
    send("PUT", shardOf(id) + "/v1/contents/" + id.hex() + "/mirrors", mirrors, Object.class);
  }

  public ContentSummary content(ContentId id) throws IOException, InterruptedException {
    return send("GET", shardOf(id) + "/v1/contents/" + id.hex(), null, ContentSummary.class);
  }

  public SourceReport sources(ContentId id) throws IOException, InterruptedException {
    return send(
        "GET", shardOf(id) + "/v1/contents/" + id.hex() + "/sources", null, SourceReport.class);
  }

  /**
   * Claims a rendition key before transcoding it. Not granted (someone else holds it, or the
   * rendition exists) is an answer, not an error.
   */
  public ClaimAnswer claim(RenditionClaim claim) throws IOException, InterruptedException {
    String url = shardOf(new ContentId(claim.sourceId())) + "/v1/renditions/claims";
    HttpResponse<byte[]> r = exchange("POST", url, claim);
    if (r.statusCode() / 100 != 2 && r.statusCode() != 409) {
      throw failure("POST", url, r);
    }
    return JSON.readValue(r.body(), ClaimAnswer.class);
  }

  /** The rendition recorded for a key, if any. */
  public java.util.Optional<RenditionRecord> rendition(String sourceId, String profileHash)
      throws IOException, InterruptedException {
    String url =
        shardOf(new ContentId(sourceId)) + "/v1/renditions/" + sourceId + "/" + profileHash;
    HttpResponse<byte[]> r = exchange("GET", url, null);
    if (r.statusCode() == 404) {
      return java.util.Optional.empty();
    }
    if (r.statusCode() / 100 != 2) {
      throw failure("GET", url, r);
    }
    return java.util.Optional.of(JSON.readValue(r.body(), RenditionRecord.class));
  }

  /** The swarms one shard measures ({@code GET /v1/swarms}). */
  public List<SwarmReport> swarms(String shardUrl) throws IOException, InterruptedException {
    return List.of(send("GET", shardUrl + "/v1/swarms", null, SwarmReport[].class));
  }

  /** Every rendition recorded for a source. */
  public List<RenditionRecord> renditions(String sourceId)
      throws IOException, InterruptedException {
    return List.of(
        send(
            "GET",
            shardOf(new ContentId(sourceId)) + "/v1/renditions/" + sourceId,
            null,
            RenditionRecord[].class));
  }

  /**
   * Records a rendition (compare-and-set) and returns the one that stands: ours, or the one another
   * transcoder recorded first.
   */
  public RenditionRecord recordRendition(RenditionRecord record)
      throws IOException, InterruptedException {
    String url =
        shardOf(new ContentId(record.sourceId()))
            + "/v1/renditions/"
            + record.sourceId()
            + "/"
            + record.profileHash();
    HttpResponse<byte[]> r = exchange("PUT", url, record);
    if (r.statusCode() / 100 != 2 && r.statusCode() != 409) {
      throw failure("PUT", url, r);
    }
    return JSON.readValue(r.body(), RenditionRecord.class);
  }

  private HttpResponse<byte[]> exchange(String method, String url, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(15))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static TrackerException failure(String method, String url, HttpResponse<byte[]> r) {
    return new TrackerException(
        r.statusCode(),
        method + " " + url + ": HTTP " + r.statusCode() + " " + new String(r.body()));
  }

  private <T> T send(String method, String url, Object body, Class<T> reply)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> r = exchange(method, url, body);
    if (r.statusCode() / 100 != 2) {
      throw failure(method, url, r);
    }
    return JSON.readValue(r.body(), reply);
  }
}
