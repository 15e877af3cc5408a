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

  private <T> T send(String method, String url, Object body, Class<T> reply)
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
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() / 100 != 2) {
      throw new TrackerException(
          r.statusCode(),
          method + " " + url + ": HTTP " + r.statusCode() + " " + new String(r.body()));
    }
    return JSON.readValue(r.body(), reply);
  }
}
