package dev.whirlwind.protocol.cache;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.http.AdminHttp;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The typed client of one cache's admin API, as the operator uses it: holdings, download orders,
 * deletion, pins and bandwidth shares. Non-2xx answers throw {@link
 * dev.whirlwind.protocol.http.DaemonException}.
 */
public final class CacheClient {
  private static final TypeReference<List<DownloadStatus>> DOWNLOADS = new TypeReference<>() {};

  private final String baseUrl;
  private final AdminHttp http;

  public CacheClient(String baseUrl, String token, HttpClient http, Duration timeout) {
    this.baseUrl = AdminHttp.base(baseUrl);
    this.http = new AdminHttp(http, token, timeout);
  }

  public String baseUrl() {
    return baseUrl;
  }

  public CacheHoldings holdings() throws IOException, InterruptedException {
    return http.send("GET", baseUrl + "/v1/holdings", null, CacheHoldings.class);
  }

  /** Places an order; an order with a known key answers with the known order's status. */
  public DownloadStatus order(DownloadOrder order) throws IOException, InterruptedException {
    return http.send("POST", baseUrl + "/v1/downloads", order, DownloadStatus.class);
  }

  public List<DownloadStatus> downloads() throws IOException, InterruptedException {
    return http.send("GET", baseUrl + "/v1/downloads", null, DOWNLOADS);
  }

  /** Cancels an unfinished order and removes its partial file; a finished one is left as it is. */
  public DownloadStatus cancel(String orderId) throws IOException, InterruptedException {
    return http.send("DELETE", baseUrl + "/v1/downloads/" + orderId, null, DownloadStatus.class);
  }

  /** Evicts a content and deregisters it; false when the cache did not hold it. */
  public boolean delete(ContentId id) throws IOException, InterruptedException {
    String url = baseUrl + "/v1/contents/" + id.hex();
    HttpResponse<byte[]> r = http.exchange("DELETE", url, null);
    if (r.statusCode() == 404) {
      return false;
    }
    AdminHttp.checked("DELETE", url, r);
    return true;
  }

  public void pin(ContentId id, boolean pinned) throws IOException, InterruptedException {
    http.send(
        pinned ? "PUT" : "DELETE",
        baseUrl + "/v1/contents/" + id.hex() + "/pin",
        null,
        Object.class);
  }

  /** Replaces every share: content id to bytes per second. */
  public void shares(Map<String, Long> shares) throws IOException, InterruptedException {
    http.send("PUT", baseUrl + "/v1/shares", new ShareTable(new TreeMap<>(shares)), Object.class);
  }
}
