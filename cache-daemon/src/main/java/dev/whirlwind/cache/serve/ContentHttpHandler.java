package dev.whirlwind.cache.serve;

import dev.whirlwind.cache.download.Fetching;
import dev.whirlwind.cache.pullthrough.PullThrough;
import dev.whirlwind.cache.shaping.BandwidthShares;
import dev.whirlwind.cache.stats.CacheMetrics;
import dev.whirlwind.cache.stats.ServedBytes;
import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.server.http.Routes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Serves {@code GET}/{@code HEAD /c/{contentId}} and {@code /c/{contentId}/{name}} (the name part,
 * used by web seeds, is ignored) with RFC 9110 range semantics, zero-copy file regions, strong
 * ETags (the content id), immutable caching and CORS. Anything else a client gets wrong is a 4xx
 * with a JSON body, logged at debug level at most.
 */
@ChannelHandler.Sharable
public final class ContentHttpHandler extends SimpleChannelInboundHandler<HttpObject> {
  static final int MAX_RANGES = 32;
  static final String CACHE_CONTROL = "public, max-age=31536000, immutable";

  private final ContentStore store;
  private final BandwidthShares shares;
  private final ServedBytes served;
  private final CacheMetrics metrics;
  private volatile PullThrough pullThrough;
  private final java.util.concurrent.atomic.AtomicInteger activeTransfers =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Response bodies being sent right now: a draining daemon waits for them. */
  public int activeTransfers() {
    return activeTransfers.get();
  }

  // One line per response through logback's asynchronous appender: written off the event loop.
  private static final org.slf4j.Logger ACCESS = org.slf4j.LoggerFactory.getLogger("access");
  private final java.util.function.Consumer<ContentId> hit;

  public ContentHttpHandler(
      ContentStore store,
      BandwidthShares shares,
      ServedBytes served,
      CacheMetrics metrics,
      java.util.function.Consumer<ContentId> hit) {
    this.hit = hit;
    this.served = served;
    this.store = store;
    this.shares = shares;
    this.metrics = metrics;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
    if (!(msg instanceof HttpRequest req)) {
      return; // Request bodies of GET and HEAD are ignored.
    }
    String path = req.uri();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    Routes.Match<String> match = ROUTES.match(req.method(), path);
    if (match instanceof Routes.Found<String>) {
      content(ctx, req, path.substring(3), keepAlive);
    } else if (match instanceof Routes.MethodNotAllowed<String> m) {
      FullHttpResponse r =
          error(
              HttpResponseStatus.METHOD_NOT_ALLOWED,
              "method_not_allowed",
              req.method() + " on a content; allowed: " + m.allowHeader());
      r.headers().set(HttpHeaderNames.ALLOW, m.allowHeader());
      send(ctx, req, r, keepAlive);
    } else {
      send(
          ctx,
          req,
          error(HttpResponseStatus.NOT_FOUND, "not_found", "no endpoint " + path),
          keepAlive);
    }
  }

  /**
   * The public routes: {@code /c/{id}}, {@code /c/{id}.m3u8} (an HLS rendition's playlist) and
   * {@code /c/{id}/{name}} (web seeds append the torrent's name, which is ignored). The OpenAPI
   * document is checked against this table; the admin routes are {@code AdminApi}'s.
   */
  public static final Routes<String> ROUTES =
      Routes.<String>builder()
          .get("/c/{file}", "content or playlist")
          .add(HttpMethod.OPTIONS, "/c/{file}", "CORS preflight")
          .get("/c/{id}/{name...}", "content under a web seed's name")
          .add(HttpMethod.OPTIONS, "/c/{id}/{name...}", "CORS preflight")
          .build();

  private void content(ChannelHandlerContext ctx, HttpRequest req, String rest, boolean keepAlive) {
    int slash = rest.indexOf('/');
    if (slash < 0 && rest.endsWith(".m3u8")) {
      playlist(ctx, req, rest.substring(0, rest.length() - ".m3u8".length()), keepAlive);
      return;
    }
    String idText = slash < 0 ? rest : rest.substring(0, slash);
    // Only a 64-hex id names a file: nothing else (.., %2e, absolute paths) can reach the disk.
    StoredContent meta =
        ContentId.isValid(idText) ? store.get(new ContentId(idText)).orElse(null) : null;
    if (meta == null
        && pullThrough != null
        && ContentId.isValid(idText)
        && !req.method().equals(HttpMethod.OPTIONS)) {
      metrics.miss();
      pullThrough(ctx, req, rest, keepAlive, new ContentId(idText));
      return;
    }
    if (meta == null) {
      metrics.miss();
      send(
          ctx,
          req,
          error(HttpResponseStatus.NOT_FOUND, "not_found", "no content " + idText),
          keepAlive);
      return;
    }
    HttpMethod method = req.method();
    if (method.equals(HttpMethod.OPTIONS)) {
      FullHttpResponse r = full(HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER, null);
      cors(r.headers());
      r.headers()
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS")
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Range, If-Range, If-None-Match")
          .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
      send(ctx, req, r, keepAlive);
      return;
    }
    boolean head = method.equals(HttpMethod.HEAD);
    if (!head && !method.equals(HttpMethod.GET)) {
      FullHttpResponse r =
          error(
              HttpResponseStatus.METHOD_NOT_ALLOWED,
              "method_not_allowed",
              method + " on a content");
      r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD, OPTIONS");
      send(ctx, req, r, keepAlive);
      return;
    }
    String etag = "\"" + meta.contentId() + "\"";
    if (matchesAny(req.headers().get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
      metrics.notModified();
      FullHttpResponse r = full(HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER, null);
      representation(r.headers(), meta.contentType(), etag);
      r.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
      send(ctx, req, r, keepAlive);
      return;
    }
    long length = meta.sizeBytes();
    ByteRanges.Selection selection = new ByteRanges.Whole();
    String range = req.headers().get(HttpHeaderNames.RANGE);
    // Range on HEAD is ignored; If-Range uses the strong comparison: only our exact ETag counts.
    if (!head && range != null) {
      String ifRange = req.headers().get(HttpHeaderNames.IF_RANGE);
      if (ifRange == null || ifRange.trim().equals(etag)) {
        selection = ByteRanges.select(range, length, MAX_RANGES);
      }
    }
    if (selection instanceof ByteRanges.Unsatisfiable) {
      metrics.rejected();
      FullHttpResponse r =
          error(
              HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
              "range_not_satisfiable",
              "the content has " + length + " bytes");
      r.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + length);
      send(ctx, req, r, keepAlive);
      return;
    }
    FileChannel file;
    ContentId cid = new ContentId(meta.contentId());
    metrics.hit();
    // Web seeds ask for /c/{id}/{name}; plain players and downloaders for /c/{id}.
    boolean plain = slash < 0;
    if (!head) {
      hit.accept(cid); // popularity for LFU eviction
    }
    try {
      file = FileChannel.open(store.path(cid), StandardOpenOption.READ);
    } catch (IOException e) {
      send(
          ctx,
          req,
          error(
              HttpResponseStatus.NOT_FOUND,
              "not_found",
              "content " + meta.contentId() + " was just removed"),
          keepAlive);
      return;
    }
    if (selection instanceof ByteRanges.Partial p && p.ranges().size() == 1) {
      ByteRanges.Range r = p.ranges().get(0);
      HttpResponse res =
          new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.PARTIAL_CONTENT);
      representation(res.headers(), meta.contentType(), etag);
      res.headers()
          .set(HttpHeaderNames.CONTENT_RANGE, "bytes " + r.first() + "-" + r.last() + "/" + length)
          .set(HttpHeaderNames.CONTENT_LENGTH, r.length());
      stream(ctx, res, file, cid, range, plain, List.of(r), null, keepAlive, false, null);
    } else if (selection instanceof ByteRanges.Partial p) {
      Multipart m = Multipart.of(p.ranges(), meta.contentType(), length);
      HttpResponse res =
          new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.PARTIAL_CONTENT);
      representation(res.headers(), meta.contentType(), etag);
      res.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, "multipart/byteranges; boundary=" + m.boundary)
          .set(HttpHeaderNames.CONTENT_LENGTH, m.contentLength);
      stream(ctx, res, file, cid, range, plain, p.ranges(), m, keepAlive, false, null);
    } else {
      HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      representation(res.headers(), meta.contentType(), etag);
      res.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
      stream(
          ctx,
          res,
          file,
          cid,
          range,
          plain,
          length == 0 ? List.of() : List.of(new ByteRanges.Range(0, length - 1)),
          null,
          keepAlive,
          head,
          null);
    }
  }

  /**
   * {@code /c/{id}.m3u8}: the byte-range HLS playlist of a stored rendition, made from the fragment
   * index the transcoder handed in; the media URI ({@code {id}/{id}.mp4}) is relative, so the
   * playlist works under any host name.
   */
  private void playlist(
      ChannelHandlerContext ctx, HttpRequest req, String idText, boolean keepAlive) {
    var index =
        ContentId.isValid(idText)
            ? store.hls(new ContentId(idText))
            : java.util.Optional.<dev.whirlwind.protocol.transcode.HlsIndex>empty();
    if (index.isEmpty()) {
      send(
          ctx,
          req,
          error(HttpResponseStatus.NOT_FOUND, "not_found", "no HLS rendition " + idText),
          keepAlive);
      return;
    }
    if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
      FullHttpResponse r =
          error(
              HttpResponseStatus.METHOD_NOT_ALLOWED,
              "method_not_allowed",
              req.method() + " on a playlist");
      r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      send(ctx, req, r, keepAlive);
      return;
    }
    // The media URI is the web-seed form /c/{id}/{id}.mp4: FFmpeg's HLS demuxer (ffplay, mpv)
    // refuses segment URLs without a media extension since FFmpeg 7.1.
    byte[] text =
        index
            .get()
            .playlist(idText + "/" + idText + ".mp4")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    FullHttpResponse r =
        full(
            HttpResponseStatus.OK,
            req.method().equals(HttpMethod.HEAD)
                ? Unpooled.EMPTY_BUFFER
                : Unpooled.wrappedBuffer(text),
            "application/vnd.apple.mpegurl");
    r.headers()
        .set(HttpHeaderNames.CONTENT_LENGTH, text.length)
        .set(HttpHeaderNames.CACHE_CONTROL, CACHE_CONTROL)
        .set(HttpHeaderNames.ETAG, "\"" + idText + ".m3u8\"");
    cors(r.headers());
    send(ctx, req, r, keepAlive);
  }

  /** Fills misses from the cluster's other sources; without it a miss is a 404. */
  public void enablePullThrough(PullThrough pullThrough) {
    this.pullThrough = pullThrough;
  }

  /**
   * Joins the shared fetch of a missing content without blocking the event loop (the connection
   * reads nothing more meanwhile). A whole or single-range GET is answered while the fetch runs,
   * forwarding only the verified prefix as it grows; anything else waits for the whole content and
   * is then served like a hit.
   */
  private void pullThrough(
      ChannelHandlerContext ctx, HttpRequest req, String rest, boolean keepAlive, ContentId id) {
    ctx.channel().config().setAutoRead(false);
    pullThrough
        .fetch(id)
        .whenComplete(
            (fetching, error) ->
                ctx.executor()
                    .execute(
                        () -> {
                          if (error != null) {
                            ctx.channel().config().setAutoRead(true);
                            fetchFailed(ctx, req, keepAlive, id, error);
                          } else {
                            forward(ctx, req, rest, keepAlive, id, fetching);
                          }
                        }));
  }

  private void forward(
      ChannelHandlerContext ctx,
      HttpRequest req,
      String rest,
      boolean keepAlive,
      ContentId id,
      Fetching fetching) {
    if (!ctx.channel().isActive()) {
      return;
    }
    String etag = "\"" + id.hex() + "\"";
    long size = fetching.sizeBytes();
    boolean head = req.method().equals(HttpMethod.HEAD);
    ByteRanges.Selection selection = new ByteRanges.Whole();
    String range = req.headers().get(HttpHeaderNames.RANGE);
    if (!head && range != null) {
      String ifRange = req.headers().get(HttpHeaderNames.IF_RANGE);
      if (ifRange == null || ifRange.trim().equals(etag)) {
        selection = ByteRanges.select(range, size, MAX_RANGES);
      }
    }
    boolean streamable =
        fetching.verifiesPieces()
            && size > 0
            && (head || req.method().equals(HttpMethod.GET))
            && req.headers().get(HttpHeaderNames.IF_NONE_MATCH) == null
            && (selection instanceof ByteRanges.Whole
                || (selection instanceof ByteRanges.Partial p && p.ranges().size() == 1));
    if (fetching.result().isDone() || !streamable) {
      fetching
          .result()
          .whenComplete(
              (stored, error) ->
                  ctx.executor()
                      .execute(
                          () -> {
                            ctx.channel().config().setAutoRead(true);
                            if (error == null && store.get(id).isPresent()) {
                              content(ctx, req, rest, keepAlive);
                            } else {
                              fetchFailed(
                                  ctx,
                                  req,
                                  keepAlive,
                                  id,
                                  error != null
                                      ? error
                                      : new IOException(id + " was fetched but is gone"));
                            }
                          }));
      return;
    }
    if (!head && fetching.verifiedBytes() == 0) {
      // Not a verified byte yet (the part file may not even exist): come back on progress.
      fetching.onceProgress(
          0, () -> ctx.executor().execute(() -> forward(ctx, req, rest, keepAlive, id, fetching)));
      return;
    }
    FileChannel file = null;
    if (!head) {
      try {
        file = FileChannel.open(fetching.partFile(), StandardOpenOption.READ);
      } catch (IOException published) {
        // Renamed into the store (or failed) just now: the finished fetch answers.
        fetching
            .result()
            .whenComplete(
                (s, e) ->
                    ctx.executor().execute(() -> forward(ctx, req, rest, keepAlive, id, fetching)));
        return;
      }
    }
    ctx.channel().config().setAutoRead(true);
    HttpResponse res;
    List<ByteRanges.Range> ranges;
    if (selection instanceof ByteRanges.Partial p) {
      ByteRanges.Range r = p.ranges().get(0);
      res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.PARTIAL_CONTENT);
      res.headers()
          .set(HttpHeaderNames.CONTENT_RANGE, "bytes " + r.first() + "-" + r.last() + "/" + size)
          .set(HttpHeaderNames.CONTENT_LENGTH, r.length());
      ranges = List.of(r);
    } else {
      res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      res.headers().set(HttpHeaderNames.CONTENT_LENGTH, size);
      ranges = List.of(new ByteRanges.Range(0, size - 1));
    }
    representation(res.headers(), fetching.contentType(), etag);
    ShapedTransfer.Growth growth =
        new ShapedTransfer.Growth() {
          @Override
          public long available() {
            return fetching.verifiedBytes();
          }

          @Override
          public boolean failed() {
            return fetching.result().isCompletedExceptionally();
          }

          @Override
          public void onceGrown(long seen, Runnable wake) {
            fetching.onceProgress(seen, wake);
          }
        };
    stream(ctx, res, file, id, range, rest.indexOf('/') < 0, ranges, null, keepAlive, head, growth);
  }

  private void fetchFailed(
      ChannelHandlerContext ctx,
      HttpRequest req,
      boolean keepAlive,
      ContentId id,
      Throwable error) {
    Throwable cause =
        error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
    if (cause instanceof PullThrough.Busy) {
      FullHttpResponse r =
          error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy", cause.getMessage());
      r.headers().set(HttpHeaderNames.RETRY_AFTER, "10");
      send(ctx, req, r, keepAlive);
    } else if (cause instanceof PullThrough.Unknown) {
      send(
          ctx,
          req,
          error(HttpResponseStatus.NOT_FOUND, "not_found", cause.getMessage()),
          keepAlive);
    } else {
      send(
          ctx,
          req,
          error(
              HttpResponseStatus.BAD_GATEWAY,
              "fetch_failed",
              "fetching " + id + " failed: " + cause.getMessage()),
          keepAlive);
    }
  }

  /** Headers every response about a content carries. */
  private static void representation(HttpHeaders h, String contentType, String etag) {
    h.set(HttpHeaderNames.ETAG, etag)
        .set(HttpHeaderNames.CACHE_CONTROL, CACHE_CONTROL)
        .set(HttpHeaderNames.ACCEPT_RANGES, "bytes")
        .set(
            HttpHeaderNames.CONTENT_TYPE,
            contentType == null ? "application/octet-stream" : contentType);
    cors(h);
  }

  private static void cors(HttpHeaders h) {
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .set(
            HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS,
            "Content-Length, Content-Range, Accept-Ranges, ETag");
  }

  /** Writes the head, then the body through a shaped transfer (nothing more for HEAD). */
  private void stream(
      ChannelHandlerContext ctx,
      HttpResponse head,
      FileChannel file,
      ContentId id,
      String range,
      boolean plainHttp,
      List<ByteRanges.Range> ranges,
      Multipart multipart,
      boolean keepAlive,
      boolean headOnly,
      ShapedTransfer.Growth growth) {
    HttpUtil.setKeepAlive(head, keepAlive);
    ctx.write(head);
    List<ByteRanges.Range> body = headOnly ? List.of() : ranges;
    long started = System.nanoTime();
    long planned = body.stream().mapToLong(ByteRanges.Range::length).sum();
    activeTransfers.incrementAndGet();
    new ShapedTransfer(
            ctx,
            file,
            body,
            multipart,
            shares.of(id),
            shares.node(),
            keepAlive,
            n -> served.add(id, n, plainHttp),
            metrics::shapingDelay,
            growth,
            sent -> {
              activeTransfers.decrementAndGet();
              ACCESS
                  .atInfo()
                  .addKeyValue("content", id.hex())
                  .addKeyValue("status", head.status().code())
                  .addKeyValue("range", range == null ? "-" : range)
                  .addKeyValue("bytes", sent)
                  .addKeyValue("complete", sent == planned)
                  .addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
                  .addKeyValue("client", String.valueOf(ctx.channel().remoteAddress()))
                  .log("served");
            })
        .start();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    ShapedTransfer t = ctx.channel().attr(ShapedTransfer.KEY).get();
    if (t != null) {
      t.writabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ShapedTransfer t = ctx.channel().attr(ShapedTransfer.KEY).getAndSet(null);
    if (t != null) {
      t.abort();
    }
    ctx.fireChannelInactive();
  }

  /** A multipart/byteranges body laid out in advance, so its length is known up front. */
  static final class Multipart {
    final String boundary;
    final List<byte[]> partHeaders = new ArrayList<>();
    final byte[] closing;
    final long contentLength;

    private Multipart(String boundary, List<byte[]> parts, byte[] closing, long contentLength) {
      this.boundary = boundary;
      this.partHeaders.addAll(parts);
      this.closing = closing;
      this.contentLength = contentLength;
    }

    static Multipart of(List<ByteRanges.Range> ranges, String contentType, long length) {
      String boundary = "ww" + Long.toHexString(ThreadLocalRandom.current().nextLong());
      List<byte[]> parts = new ArrayList<>();
      long total = 0;
      for (int i = 0; i < ranges.size(); i++) {
        ByteRanges.Range r = ranges.get(i);
        String h =
            (i == 0 ? "" : "\r\n")
                + "--"
                + boundary
                + "\r\n"
                + "Content-Type: "
                + (contentType == null ? "application/octet-stream" : contentType)
                + "\r\n"
                + "Content-Range: bytes "
                + r.first()
                + "-"
                + r.last()
                + "/"
                + length
                + "\r\n\r\n";
        byte[] bytes = h.getBytes(StandardCharsets.US_ASCII);
        parts.add(bytes);
        total += bytes.length + r.length();
      }
      byte[] closing = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
      return new Multipart(boundary, parts, closing, total + closing.length);
    }
  }

  private static boolean matchesAny(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String t : ifNoneMatch.split(",")) {
      String v = t.trim();
      if (v.equals("*") || v.equals(etag) || v.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static FullHttpResponse full(HttpResponseStatus status, ByteBuf body, String type) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    if (type != null) {
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    }
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    return r;
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    return full(
        status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), "text/plain; charset=utf-8");
  }

  static FullHttpResponse error(HttpResponseStatus status, String error, String detail) {
    return dev.whirlwind.server.http.Answers.error(status, error, detail);
  }

  private static void send(
      ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse r, boolean keepAlive) {
    if (req.method().equals(HttpMethod.HEAD)) {
      long length = r.content().readableBytes();
      r = r.replace(Unpooled.EMPTY_BUFFER);
      r.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
    }
    HttpUtil.setKeepAlive(r, keepAlive);
    ChannelFuture f = ctx.writeAndFlush(r);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A client that goes away mid-transfer is routine, not an error.
    ctx.close();
  }
}
