package dev.whirlwind.cache.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.cache.download.DownloadManager;
import dev.whirlwind.cache.shaping.BandwidthShares;
import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.security.AdminToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The cache's admin API ({@code /v1/...}, bearer token). One instance per connection: an upload
 * streams through it chunk by chunk. Everything else passes on to the content handler.
 *
 * <ul>
 *   <li>{@code PUT /v1/contents/{id}} with {@code Content-Length} (and optionally {@code
 *       Content-Type} and {@code ?ext=}): stored only if the bytes hash to {@code id}; 201, or 422
 *       on a mismatch. Writing and hashing run on the disk executor; reading pauses while more than
 *       {@value #MAX_PENDING_BYTES} bytes wait for the disk.
 *   <li>{@code DELETE /v1/contents/{id}}: evicts and deregisters.
 *   <li>{@code GET /v1/contents}: what this node holds.
 *   <li>{@code PUT|GET /v1/shares}: per-content rates set by the scheduler.
 *   <li>{@code POST /v1/downloads} ({@code DownloadOrder}; a known key answers with its order),
 *       {@code GET /v1/downloads} (every order known), {@code GET|DELETE /v1/downloads/{id}}
 *       (progress; cancel).
 *   <li>{@code GET /v1/holdings}: contents, orders, shares and served bytes in one answer.
 * </ul>
 */
public final class AdminHandler extends ChannelInboundHandlerAdapter {
  static final long MAX_PENDING_BYTES = 8L * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ContentStore store;
  private final AdminToken token;
  private final Executor disk;
  private final long capacityBytes;
  private final BandwidthShares shares;
  private final DownloadManager downloads;
  private final java.util.function.LongPredicate makeRoom;
  private final Consumer<StoredContent> published;
  private final Consumer<ContentId> removed;
  private final java.util.function.Supplier<dev.whirlwind.protocol.cache.CacheHoldings> holdings;

  private boolean passThrough;
  private ByteBuf jsonBody;
  private JsonAction jsonAction;

  /** What to do with a small JSON request body once it has arrived. */
  private interface JsonAction {
    void accept(ChannelHandlerContext ctx, ByteBuf body) throws IOException;
  }

  private Upload upload;
  private CompletableFuture<Void> chain;
  private long pending;
  private boolean keepAlive;
  private boolean failed;

  public AdminHandler(
      ContentStore store,
      AdminToken token,
      Executor disk,
      long capacityBytes,
      BandwidthShares shares,
      DownloadManager downloads,
      java.util.function.LongPredicate makeRoom,
      Consumer<StoredContent> published,
      Consumer<ContentId> removed,
      java.util.function.Supplier<dev.whirlwind.protocol.cache.CacheHoldings> holdings) {
    this.holdings = holdings;
    this.store = store;
    this.token = token;
    this.disk = disk;
    this.capacityBytes = capacityBytes;
    this.shares = shares;
    this.downloads = downloads;
    this.makeRoom = makeRoom;
    this.published = published;
    this.removed = removed;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req) {
      passThrough = !req.uri().startsWith("/v1/") || !req.decoderResult().isSuccess();
      if (passThrough) {
        ctx.fireChannelRead(msg);
        return;
      }
      keepAlive = HttpUtil.isKeepAlive(req);
      failed = false;
      request(ctx, req);
      if (msg instanceof HttpContent c) {
        content(ctx, c);
      }
      return;
    }
    if (passThrough) {
      ctx.fireChannelRead(msg);
    } else if (msg instanceof HttpContent c) {
      content(ctx, c);
    }
  }

  /**
   * {@code PUT /v1/contents/{id}/pin} keeps a content through eviction, {@code DELETE} releases it;
   * the record is rewritten on the disk pool.
   */
  private void pin(ChannelHandlerContext ctx, HttpRequest req, String idText) {
    boolean pinned;
    if (req.method().equals(HttpMethod.PUT)) {
      pinned = true;
    } else if (req.method().equals(HttpMethod.DELETE)) {
      pinned = false;
    } else {
      reject(
          ctx,
          HttpResponseStatus.METHOD_NOT_ALLOWED,
          "method_not_allowed",
          req.method() + " on a pin");
      return;
    }
    if (!ContentId.isValid(idText)) {
      reject(
          ctx,
          HttpResponseStatus.BAD_REQUEST,
          "bad_content_id",
          "expected 64 lowercase hex digits");
      return;
    }
    ContentId id = new ContentId(idText);
    onDisk(
        ctx,
        () -> store.setPinned(id, pinned),
        updated -> {
          if (updated.isEmpty()) {
            reject(ctx, HttpResponseStatus.NOT_FOUND, "not_found", "no content " + id.hex());
          } else {
            respond(ctx, HttpResponseStatus.OK, updated.get());
          }
        });
  }

  /** Blocking disk work, as an {@link #onDisk} call takes it. */
  @FunctionalInterface
  private interface DiskWork<T> {
    T run() throws IOException;
  }

  /**
   * Runs disk work (renames, fsyncs, deletes) on the disk pool, never on the event loop, and
   * answers on the connection's event loop: {@code answer} with the result, or a 500 with the I/O
   * error.
   */
  private <T> void onDisk(
      ChannelHandlerContext ctx, DiskWork<T> work, java.util.function.Consumer<T> answer) {
    CompletableFuture.supplyAsync(
            () -> {
              try {
                return work.run();
              } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            },
            disk)
        .whenComplete(
            (result, error) ->
                ctx.executor()
                    .execute(
                        () -> {
                          if (error != null) {
                            reject(
                                ctx,
                                HttpResponseStatus.INTERNAL_SERVER_ERROR,
                                "io_error",
                                String.valueOf(error.getMessage()));
                          } else {
                            answer.accept(result);
                          }
                        }));
  }

  private void request(ChannelHandlerContext ctx, HttpRequest req) {
    if (!token.accepts(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
      reject(
          ctx, HttpResponseStatus.UNAUTHORIZED, "unauthorized", "a valid bearer token is required");
      return;
    }
    String path = req.uri();
    String query = "";
    int q = path.indexOf('?');
    if (q >= 0) {
      query = path.substring(q + 1);
      path = path.substring(0, q);
    }
    String[] p = path.substring(1).split("/");
    if (p.length < 2) {
      reject(ctx, HttpResponseStatus.NOT_FOUND, "not_found", "no endpoint " + path);
      return;
    }
    if (p.length == 2 && p[1].equals("contents") && req.method().equals(HttpMethod.GET)) {
      respond(ctx, HttpResponseStatus.OK, store.all());
      return;
    }
    if (p.length == 2 && p[1].equals("holdings")) {
      if (req.method().equals(HttpMethod.GET)) {
        respond(ctx, HttpResponseStatus.OK, holdings.get());
      } else {
        reject(
            ctx,
            HttpResponseStatus.METHOD_NOT_ALLOWED,
            "method_not_allowed",
            req.method() + " on holdings");
      }
      return;
    }
    if (p.length == 2 && p[1].equals("shares")) {
      if (req.method().equals(HttpMethod.GET)) {
        respond(ctx, HttpResponseStatus.OK, sharesJson());
      } else if (req.method().equals(HttpMethod.PUT)) {
        expectJson(
            (c, body) -> {
              applyShares(body);
              respond(c, HttpResponseStatus.OK, sharesJson());
            });
      } else {
        reject(
            ctx,
            HttpResponseStatus.METHOD_NOT_ALLOWED,
            "method_not_allowed",
            req.method() + " on shares");
      }
      return;
    }
    if (p[1].equals("downloads") && downloads != null) {
      if (p.length == 2 && req.method().equals(HttpMethod.POST)) {
        expectJson(
            (c, body) -> {
              DownloadOrder order =
                  JSON.readValue(
                      (java.io.InputStream) new io.netty.buffer.ByteBufInputStream(body),
                      DownloadOrder.class);
              if (order == null) {
                throw new IllegalArgumentException("expected a download order");
              }
              respond(c, HttpResponseStatus.ACCEPTED, downloads.submit(order));
            });
      } else if (p.length == 2 && req.method().equals(HttpMethod.GET)) {
        respond(ctx, HttpResponseStatus.OK, downloads.list());
      } else if (p.length == 3
          && (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.DELETE))) {
        var status =
            req.method().equals(HttpMethod.GET) ? downloads.status(p[2]) : downloads.cancel(p[2]);
        if (status.isPresent()) {
          respond(ctx, HttpResponseStatus.OK, status.get());
        } else {
          reject(ctx, HttpResponseStatus.NOT_FOUND, "not_found", "no download " + p[2]);
        }
      } else {
        reject(
            ctx,
            HttpResponseStatus.METHOD_NOT_ALLOWED,
            "method_not_allowed",
            req.method() + " on downloads");
      }
      return;
    }
    if (p.length == 4 && p[1].equals("contents") && p[3].equals("pin")) {
      pin(ctx, req, p[2]);
      return;
    }
    if (p.length == 4 && p[1].equals("contents") && p[3].equals("hls")) {
      if (!req.method().equals(HttpMethod.PUT) || !ContentId.isValid(p[2])) {
        reject(
            ctx,
            req.method().equals(HttpMethod.PUT)
                ? HttpResponseStatus.BAD_REQUEST
                : HttpResponseStatus.METHOD_NOT_ALLOWED,
            "bad_request",
            "PUT a fragment index to /v1/contents/{64 hex}/hls");
        return;
      }
      ContentId id = new ContentId(p[2]);
      expectJson(
          (c, body) -> {
            dev.whirlwind.protocol.transcode.HlsIndex index =
                JSON.readValue(
                    (java.io.InputStream) new io.netty.buffer.ByteBufInputStream(body),
                    dev.whirlwind.protocol.transcode.HlsIndex.class);
            if (index == null) {
              throw new IllegalArgumentException("expected a fragment index");
            }
            var stored = store.get(id);
            if (stored.isEmpty()) {
              reject(c, HttpResponseStatus.NOT_FOUND, "not_found", "no content " + id.hex());
              return;
            }
            index.validated(stored.get().sizeBytes()); // a bad index is a 400, checked here
            onDisk(
                c,
                () -> store.putHls(id, index),
                kept -> {
                  if (!kept) {
                    reject(c, HttpResponseStatus.NOT_FOUND, "not_found", "no content " + id.hex());
                    return;
                  }
                  // Published again with the index: the tracker keeps it for every cache that
                  // fetches the rendition later.
                  published.accept(stored.get());
                  respond(
                      c,
                      HttpResponseStatus.OK,
                      Map.of("contentId", id.hex(), "fragments", index.fragments().size()));
                });
          });
      return;
    }
    if (p.length != 3 || !p[1].equals("contents")) {
      reject(ctx, HttpResponseStatus.NOT_FOUND, "not_found", "no endpoint " + path);
      return;
    }
    if (!ContentId.isValid(p[2])) {
      reject(
          ctx,
          HttpResponseStatus.BAD_REQUEST,
          "bad_content_id",
          "expected 64 lowercase hex digits");
      return;
    }
    ContentId id = new ContentId(p[2]);
    if (req.method().equals(HttpMethod.DELETE)) {
      onDisk(
          ctx,
          () -> store.remove(id),
          existed -> {
            if (existed) {
              removed.accept(id);
            }
            respond(
                ctx,
                existed ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
                Map.of("contentId", id.hex(), "removed", existed));
          });
      return;
    }
    if (!req.method().equals(HttpMethod.PUT)) {
      reject(
          ctx,
          HttpResponseStatus.METHOD_NOT_ALLOWED,
          "method_not_allowed",
          req.method() + " on a content");
      return;
    }
    if (!HttpUtil.isContentLengthSet(req)) {
      reject(
          ctx,
          HttpResponseStatus.LENGTH_REQUIRED,
          "length_required",
          "an upload needs Content-Length");
      return;
    }
    long length = HttpUtil.getContentLength(req, -1L);
    // Room is made (by eviction) when the upload is complete, off the event loop.
    if (length < 0 || (capacityBytes > 0 && length > capacityBytes)) {
      reject(
          ctx,
          HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "too_large",
          length + " bytes exceed the node's capacity of " + capacityBytes);
      return;
    }
    if (store.get(id).isPresent()) {
      // Contents are immutable: the body is read and dropped, the answer is the stored one.
      respond(ctx, HttpResponseStatus.OK, Map.of("contentId", id.hex(), "stored", true));
      failed = true;
      return;
    }
    String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
    String ext = query.startsWith("ext=") ? query.substring(4) : extensionOf(type);
    if (!ext.matches("[a-z0-9]{1,8}")) {
      reject(ctx, HttpResponseStatus.BAD_REQUEST, "bad_extension", "ext must be 1-8 of [a-z0-9]");
      return;
    }
    try {
      upload = new Upload(store, id, length, type, ext, makeRoom);
      chain = CompletableFuture.completedFuture(null);
      pending = 0;
    } catch (IOException e) {
      reject(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "io_error", e.getMessage());
    }
  }

  private void content(ChannelHandlerContext ctx, HttpContent c) {
    boolean last = c instanceof LastHttpContent;
    if (jsonBody != null) {
      if (jsonBody.readableBytes() + c.content().readableBytes() > 16 * 1024 * 1024) {
        c.release();
        jsonBody.release();
        jsonBody = null;
        reject(
            ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "too_large", "JSON body over 16 MiB");
        return;
      }
      jsonBody.writeBytes(c.content());
      c.release();
      if (last) {
        ByteBuf body = jsonBody;
        jsonBody = null;
        try {
          jsonAction.accept(ctx, body);
        } catch (IllegalArgumentException | IOException e) {
          reject(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage());
        } finally {
          body.release();
        }
      }
      return;
    }
    if (upload == null || failed) {
      c.release();
      return;
    }
    Upload u = upload;
    ByteBuf data = c.content().retain();
    c.release();
    int n = data.readableBytes();
    pending += n;
    if (pending > MAX_PENDING_BYTES) {
      ctx.channel().config().setAutoRead(false);
    }
    chain =
        chain.thenRunAsync(
            () -> {
              try {
                u.write(data.nioBuffer());
              } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
              } finally {
                data.release();
                ctx.executor().execute(() -> drained(ctx, n));
              }
            },
            disk);
    if (last) {
      upload = null;
      chain
          .thenApplyAsync(
              ignored -> {
                try {
                  return u.finish();
                } catch (IOException e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              },
              disk)
          .whenComplete(
              (stored, error) ->
                  ctx.executor()
                      .execute(
                          () -> {
                            if (error == null) {
                              published.accept(stored);
                              respond(
                                  ctx,
                                  HttpResponseStatus.CREATED,
                                  Map.of(
                                      "contentId",
                                      stored.contentId(),
                                      "sizeBytes",
                                      stored.sizeBytes()));
                            } else {
                              u.abort();
                              Throwable cause = error.getCause() == null ? error : error.getCause();
                              if (cause instanceof Upload.NoRoom) {
                                reject(
                                    ctx,
                                    HttpResponseStatus.INSUFFICIENT_STORAGE,
                                    "no_room",
                                    cause.getMessage());
                              } else if (cause instanceof Upload.HashMismatch) {
                                reject(
                                    ctx,
                                    HttpResponseStatus.UNPROCESSABLE_ENTITY,
                                    "hash_mismatch",
                                    cause.getMessage());
                              } else {
                                reject(
                                    ctx,
                                    HttpResponseStatus.BAD_REQUEST,
                                    "upload_failed",
                                    String.valueOf(cause.getMessage()));
                              }
                            }
                          }));
    }
  }

  /** {@code {"shares": {"<contentId>": rateBytesPerSecond, ...}}}: replaces every share. */
  private void applyShares(ByteBuf body) throws IOException {
    var tree = JSON.readTree(new io.netty.buffer.ByteBufInputStream(body));
    var node = tree == null ? null : tree.get("shares");
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          "expected {\"shares\": {\"<contentId>\": rateBytesPerSecond}}");
    }
    Map<ContentId, Long> parsed = new LinkedHashMap<>();
    var fields = node.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      if (!ContentId.isValid(e.getKey())
          || !e.getValue().canConvertToLong()
          || e.getValue().asLong() <= 0) {
        throw new IllegalArgumentException("bad share " + e.getKey() + " = " + e.getValue());
      }
      parsed.put(new ContentId(e.getKey()), e.getValue().asLong());
    }
    shares.set(parsed);
  }

  private Map<String, Object> sharesJson() {
    Map<String, Long> out = new java.util.TreeMap<>();
    shares.assigned().forEach((id, rate) -> out.put(id.hex(), rate));
    return Map.of("shares", out, "nodeBytesPerSecond", shares.node().rateBytesPerSecond());
  }

  private void expectJson(JsonAction action) {
    jsonBody = Unpooled.buffer();
    jsonAction = action;
  }

  private void drained(ChannelHandlerContext ctx, int n) {
    pending -= n;
    if (pending <= MAX_PENDING_BYTES / 2 && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private static String extensionOf(String contentType) {
    return switch (contentType.split(";")[0].trim()) {
      case "video/mp4" -> "mp4";
      case "video/x-matroska" -> "mkv";
      case "video/webm" -> "webm";
      case "video/mp2t" -> "ts";
      default -> "bin";
    };
  }

  private void reject(
      ChannelHandlerContext ctx, HttpResponseStatus status, String error, String detail) {
    failed = true;
    if (upload != null) {
      upload.abort();
      upload = null;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("detail", detail);
    respond(ctx, status, body);
  }

  private void respond(ChannelHandlerContext ctx, HttpResponseStatus status, Object body) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      bytes = "{}".getBytes(StandardCharsets.UTF_8);
    }
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    r.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    // An error before the body arrived leaves unread bytes on the connection: close it.
    boolean reuse = keepAlive && status.code() < 400;
    HttpUtil.setKeepAlive(r, reuse);
    var f = ctx.writeAndFlush(r);
    if (!reuse) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
    if (!ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (upload != null) {
      Upload u = upload;
      upload = null;
      chain.whenCompleteAsync((x, e) -> u.abort(), disk);
    }
    ctx.fireChannelInactive();
  }
}
