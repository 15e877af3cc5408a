package dev.whirlwind.transcoder.cluster;

import dev.whirlwind.protocol.content.ContentId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Stores a rendition through a cache's authenticated upload API ({@code PUT /v1/contents/{id}}),
 * which verifies the bytes against the id before publishing them. The caches are tried in order
 * until one takes it.
 */
public final class CacheUploader {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private final List<String> cacheUrls;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public CacheUploader(List<String> cacheUrls, String token) {
    this.cacheUrls =
        cacheUrls.stream().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).toList();
    this.token = token;
  }

  /** Uploads {@code file} as content {@code id}; returns the cache that stored it. */
  public String upload(ContentId id, Path file, String contentType, String extension)
      throws IOException, InterruptedException {
    if (cacheUrls.isEmpty()) {
      throw new IOException("no cacheUrls configured: nowhere to store the rendition");
    }
    StringBuilder errors = new StringBuilder();
    for (String cache : cacheUrls) {
      HttpResponse<String> r;
      try {
        r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(cache + "/v1/contents/" + id.hex() + "?ext=" + extension))
                    .timeout(Duration.ofMinutes(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", contentType)
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        errors.append(cache).append(": ").append(e).append("; ");
        continue;
      }
      if (r.statusCode() == 200 || r.statusCode() == 201) {
        return cache;
      }
      errors.append(cache).append(": HTTP ").append(r.statusCode()).append(' ').append(r.body());
      errors.append("; ");
    }
    throw new IOException("no cache stored the rendition: " + errors);
  }

  /** Hands a stored HLS rendition's fragment index to the cache that holds it. */
  public void putHls(String cache, ContentId id, dev.whirlwind.protocol.transcode.HlsIndex index)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(cache + "/v1/contents/" + id.hex() + "/hls"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(index)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(
          cache + " refused the HLS index: HTTP " + r.statusCode() + " " + r.body());
    }
  }
}
