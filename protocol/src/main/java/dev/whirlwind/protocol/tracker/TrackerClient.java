package dev.whirlwind.protocol.tracker;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.http.AdminHttp;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The typed client of the trackers' admin API, as caches, transcoders and the operator use it.
 * Requests for one content go to the shard that owns it; a cache's heartbeat goes to every shard
 * with the contents that shard owns. Non-2xx answers throw {@link
 * dev.whirlwind.protocol.http.DaemonException}.
 */
public final class TrackerClient {
  private static final TypeReference<List<RegisteredContent>> REGISTRATIONS =
      new TypeReference<>() {};

  private final List<String> shardUrls;
  private final UnaryOperator<String> adminAddress;
  private final AdminHttp http;

  public TrackerClient(List<String> shardUrls, String token) {
    this(shardUrls, token, AdminHttp.newClient(), Duration.ofSeconds(15));
  }

  /** A client that shares {@code http} (and its threads) with others. */
  public TrackerClient(List<String> shardUrls, String token, HttpClient http, Duration timeout) {
    this(shardUrls, token, http, timeout, UnaryOperator.identity());
  }

  /**
   * A client whose requests go to {@code adminAddress} of each shard's URL: the shard's admin port,
   * where it has one of its own ({@code shardUrls} stay the URLs clients know).
   */
  public TrackerClient(
      List<String> shardUrls,
      String token,
      HttpClient http,
      Duration timeout,
      UnaryOperator<String> adminAddress) {
    this.shardUrls = shardUrls.stream().map(AdminHttp::base).toList();
    this.adminAddress = adminAddress;
    this.http = new AdminHttp(http, token, timeout);
  }

  public List<String> shardUrls() {
    return shardUrls;
  }

  public String shardOf(ContentId id) {
    return shardUrls.get(Shards.of(id, shardUrls.size()));
  }

  /** Where requests about {@code id} go: its shard's admin API. */
  private String adminOf(ContentId id) {
    return admin(shardOf(id));
  }

  private String admin(String shardUrl) {
    return AdminHttp.base(adminAddress.apply(AdminHttp.base(shardUrl)));
  }

  public void publish(ContentRecord record) throws IOException, InterruptedException {
    ContentId id = new ContentId(record.contentId());
    http.send("PUT", adminOf(id) + "/v1/contents/" + id.hex(), record, Object.class);
  }

  public HeartbeatReply heartbeat(String shardUrl, String cacheId, CacheHeartbeat heartbeat)
      throws IOException, InterruptedException {
    return http.send(
        "PUT", admin(shardUrl) + "/v1/caches/" + cacheId, heartbeat, HeartbeatReply.class);
  }

  public void deregister(String shardUrl, String cacheId) throws IOException, InterruptedException {
    http.send("DELETE", admin(shardUrl) + "/v1/caches/" + cacheId, null, Object.class);
  }

  public void setMirrors(ContentId id, MirrorList mirrors)
      throws IOException, InterruptedException {
    http.send("PUT", adminOf(id) + "/v1/contents/" + id.hex() + "/mirrors", mirrors, Object.class);
  }

  /** Registers a catalog's video with the shard that owns its content (mirrors included). */
  public void register(ContentId id, ContentRegistration registration)
      throws IOException, InterruptedException {
    http.send(
        "PUT",
        adminOf(id) + "/v1/contents/" + id.hex() + "/registration",
        registration,
        Object.class);
  }

  /** Every content registered with one shard, with its renditions. */
  public List<RegisteredContent> registrations(String shardUrl)
      throws IOException, InterruptedException {
    return http.send("GET", admin(shardUrl) + "/v1/registrations", null, REGISTRATIONS);
  }

  /**
   * Forgets a content on its shard: its registration, mirrors and record. A cache that still holds
   * it publishes the record again with its next heartbeat.
   */
  public void purge(ContentId id) throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        http.exchange("DELETE", adminOf(id) + "/v1/contents/" + id.hex(), null);
    if (r.statusCode() != 404) {
      AdminHttp.checked("DELETE", adminOf(id) + "/v1/contents/" + id.hex(), r);
    }
  }

  public ContentSummary content(ContentId id) throws IOException, InterruptedException {
    return http.send("GET", adminOf(id) + "/v1/contents/" + id.hex(), null, ContentSummary.class);
  }

  public SourceReport sources(ContentId id) throws IOException, InterruptedException {
    return http.send(
        "GET", adminOf(id) + "/v1/contents/" + id.hex() + "/sources", null, SourceReport.class);
  }

  /**
   * Claims a rendition key before transcoding it. Not granted (someone else holds it, or the
   * rendition exists) is an answer, not an error.
   */
  public ClaimAnswer claim(RenditionClaim claim) throws IOException, InterruptedException {
    String url = adminOf(new ContentId(claim.sourceId())) + "/v1/renditions/claims";
    HttpResponse<byte[]> r = http.exchange("POST", url, claim);
    if (r.statusCode() != 409) {
      AdminHttp.checked("POST", url, r);
    }
    return AdminHttp.read("POST", url, r, ClaimAnswer.class);
  }

  /** The rendition recorded for a key, if any. */
  public Optional<RenditionRecord> rendition(String sourceId, String profileHash)
      throws IOException, InterruptedException {
    String url =
        adminOf(new ContentId(sourceId)) + "/v1/renditions/" + sourceId + "/" + profileHash;
    HttpResponse<byte[]> r = http.exchange("GET", url, null);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    AdminHttp.checked("GET", url, r);
    return Optional.of(AdminHttp.read("GET", url, r, RenditionRecord.class));
  }

  /** The swarms one shard measures ({@code GET /v1/swarms}). */
  public List<SwarmReport> swarms(String shardUrl) throws IOException, InterruptedException {
    return List.of(http.send("GET", admin(shardUrl) + "/v1/swarms", null, SwarmReport[].class));
  }

  /** Every rendition recorded for a source. */
  public List<RenditionRecord> renditions(String sourceId)
      throws IOException, InterruptedException {
    return List.of(
        http.send(
            "GET",
            adminOf(new ContentId(sourceId)) + "/v1/renditions/" + sourceId,
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
        adminOf(new ContentId(record.sourceId()))
            + "/v1/renditions/"
            + record.sourceId()
            + "/"
            + record.profileHash();
    HttpResponse<byte[]> r = http.exchange("PUT", url, record);
    if (r.statusCode() != 409) {
      AdminHttp.checked("PUT", url, r);
    }
    return AdminHttp.read("PUT", url, r, RenditionRecord.class);
  }
}
