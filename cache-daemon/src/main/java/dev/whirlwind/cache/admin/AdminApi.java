package dev.whirlwind.cache.admin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.cache.download.DownloadManager;
import dev.whirlwind.cache.shaping.BandwidthShares;
import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.cache.CacheHoldings;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.cache.ShareTable;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.transcode.HlsIndex;
import dev.whirlwind.server.http.Answers;
import dev.whirlwind.server.http.Routes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The cache's admin API as a route table (bearer token, checked by {@link AdminHandler}):
 *
 * <ul>
 *   <li>{@code GET /v1/contents}; {@code PUT /v1/contents/{id}} (a streamed upload, see {@link
 *       UploadStream}); {@code DELETE /v1/contents/{id}};
 *   <li>{@code PUT|DELETE /v1/contents/{id}/pin}; {@code PUT /v1/contents/{id}/hls};
 *   <li>{@code GET|PUT /v1/shares}; {@code GET /v1/holdings};
 *   <li>{@code POST|GET /v1/downloads}; {@code GET|DELETE /v1/downloads/{orderId}}.
 * </ul>
 *
 * Each route is a small method; disk work (renames, fsyncs, deletes) runs on the disk pool, never
 * an event loop. Bodies are read strictly: an unknown field is a 400 that names it.
 */
public final class AdminApi {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** One route's work: its answer, now or once the disk pool is done. */
  @FunctionalInterface
  public interface Route {
    CompletableFuture<FullHttpResponse> answer(AdminRequest r) throws IOException;
  }

  /** The upload route: its body streams through {@link UploadStream}, never through here. */
  static final Route UPLOAD =
      r -> {
        throw new IllegalStateException("uploads stream through UploadStream");
      };

  private final ContentStore store;
  private final Executor disk;
  private final BandwidthShares shares;
  private final DownloadManager downloads;
  private final Consumer<StoredContent> published;
  private final Consumer<ContentId> removed;
  private final Supplier<CacheHoldings> holdings;
  private final Routes<Route> routes;

  public AdminApi(
      ContentStore store,
      Executor disk,
      BandwidthShares shares,
      DownloadManager downloads,
      Consumer<StoredContent> published,
      Consumer<ContentId> removed,
      Supplier<CacheHoldings> holdings) {
    this.store = store;
    this.disk = disk;
    this.shares = shares;
    this.downloads = downloads;
    this.published = published;
    this.removed = removed;
    this.holdings = holdings;
    this.routes =
        Routes.<Route>builder()
            .get("/v1/contents", r -> now(HttpResponseStatus.OK, store.all()))
            .put("/v1/contents/{id}", UPLOAD)
            .delete("/v1/contents/{id}", this::remove)
            .put("/v1/contents/{id}/pin", r -> pin(r, true))
            .delete("/v1/contents/{id}/pin", r -> pin(r, false))
            .put("/v1/contents/{id}/hls", this::hls)
            .get("/v1/shares", r -> now(HttpResponseStatus.OK, sharesJson()))
            .put("/v1/shares", this::putShares)
            .get("/v1/holdings", r -> now(HttpResponseStatus.OK, holdings.get()))
            .post("/v1/downloads", this::order)
            .get("/v1/downloads", r -> now(HttpResponseStatus.OK, downloads.list()))
            .get(
                "/v1/downloads/{orderId}",
                r -> download(r.param("orderId"), downloads.status(r.param("orderId"))))
            .delete(
                "/v1/downloads/{orderId}",
                r -> download(r.param("orderId"), downloads.cancel(r.param("orderId"))))
            .build();
  }

  public Routes<Route> routes() {
    return routes;
  }

  private static CompletableFuture<FullHttpResponse> now(HttpResponseStatus s, Object body) {
    return CompletableFuture.completedFuture(Answers.json(s, body));
  }

  static ContentId contentId(AdminRequest r) {
    String id = r.param("id");
    if (!ContentId.isValid(id)) {
      throw new AdminRejection(
          HttpResponseStatus.BAD_REQUEST,
          "bad_content_id",
          "expected 64 lowercase hex digits, got '" + id + "'");
    }
    return new ContentId(id);
  }

  /** Blocking disk work, as {@link #onDisk} takes it. */
  @FunctionalInterface
  private interface DiskWork<T> {
    T run() throws IOException;
  }

  private <T> CompletableFuture<T> onDisk(DiskWork<T> work) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return work.run();
          } catch (IOException e) {
            throw new CompletionException(e);
          }
        },
        disk);
  }

  private CompletableFuture<FullHttpResponse> remove(AdminRequest r) {
    ContentId id = contentId(r);
    return onDisk(() -> store.remove(id))
        .thenApply(
            existed -> {
              if (existed) {
                removed.accept(id);
              }
              return Answers.json(
                  existed ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
                  Map.of("contentId", id.hex(), "removed", existed));
            });
  }

  /** Pinned contents stay through eviction; the record is rewritten on the disk pool. */
  private CompletableFuture<FullHttpResponse> pin(AdminRequest r, boolean pinned) {
    ContentId id = contentId(r);
    return onDisk(() -> store.setPinned(id, pinned))
        .thenApply(
            updated ->
                updated.isPresent()
                    ? Answers.json(HttpResponseStatus.OK, updated.get())
                    : notFound("no content " + id.hex()));
  }

  private CompletableFuture<FullHttpResponse> hls(AdminRequest r) throws IOException {
    ContentId id = contentId(r);
    HlsIndex index = read(r.body(), HlsIndex.class, "a fragment index");
    Optional<StoredContent> stored = store.get(id);
    if (stored.isEmpty()) {
      return CompletableFuture.completedFuture(notFound("no content " + id.hex()));
    }
    index.validated(stored.get().sizeBytes());
    return onDisk(() -> store.putHls(id, index))
        .thenApply(
            kept -> {
              if (!kept) {
                return notFound("no content " + id.hex());
              }
              // Published again with the index: the tracker keeps it for every cache that
              // fetches the rendition later.
              published.accept(stored.get());
              return Answers.json(
                  HttpResponseStatus.OK,
                  Map.of("contentId", id.hex(), "fragments", index.fragments().size()));
            });
  }

  /** {@code {"shares": {"<contentId>": rateBytesPerSecond, ...}}}: replaces every share. */
  private CompletableFuture<FullHttpResponse> putShares(AdminRequest r) throws IOException {
    ShareTable table = read(r.body(), ShareTable.class, "{\"shares\": {\"<contentId>\": rate}}");
    if (table.shares() == null) {
      throw new IllegalArgumentException(
          "expected {\"shares\": {\"<contentId>\": rateBytesPerSecond}}");
    }
    Map<ContentId, Long> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : table.shares().entrySet()) {
      if (!ContentId.isValid(e.getKey()) || e.getValue() == null || e.getValue() <= 0) {
        throw new IllegalArgumentException(
            "bad share " + e.getKey() + " = " + e.getValue() + "; expected a positive integer");
      }
      parsed.put(new ContentId(e.getKey()), e.getValue());
    }
    shares.set(parsed);
    return now(HttpResponseStatus.OK, sharesJson());
  }

  private Map<String, Object> sharesJson() {
    Map<String, Long> out = new TreeMap<>();
    shares.assigned().forEach((id, rate) -> out.put(id.hex(), rate));
    return Map.of("shares", out, "nodeBytesPerSecond", shares.node().rateBytesPerSecond());
  }

  private CompletableFuture<FullHttpResponse> order(AdminRequest r) throws IOException {
    DownloadOrder order = read(r.body(), DownloadOrder.class, "a download order");
    // Submitting writes the order's record (a forced file and a rename): on the disk pool.
    return onDisk(() -> downloads.submit(order))
        .thenApply(status -> Answers.json(HttpResponseStatus.ACCEPTED, status));
  }

  private static CompletableFuture<FullHttpResponse> download(String id, Optional<?> status) {
    return CompletableFuture.completedFuture(
        status.isPresent()
            ? Answers.json(HttpResponseStatus.OK, status.get())
            : notFound("no download " + id));
  }

  private static FullHttpResponse notFound(String detail) {
    return Answers.error(HttpResponseStatus.NOT_FOUND, "not_found", detail);
  }

  static <T> T read(ByteBuf body, Class<T> type, String what) throws IOException {
    if (body == null || !body.isReadable()) {
      throw new IllegalArgumentException("expected " + what + " as a JSON body");
    }
    T value = JSON.readValue((InputStream) new ByteBufInputStream(body.duplicate()), type);
    if (value == null) {
      throw new IllegalArgumentException("expected " + what + ", got null");
    }
    return value;
  }
}
