package dev.whirlwind.cache.serve;

import dev.whirlwind.cache.pullthrough.PullThrough;
import dev.whirlwind.cache.shaping.BandwidthShares;
import dev.whirlwind.cache.stats.CacheMetrics;
import dev.whirlwind.cache.stats.ServedBytes;
import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.cache.storage.OpenFiles;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.server.http.Answers;
import dev.whirlwind.server.http.Routes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves {@code GET}/{@code HEAD /c/{contentId}}, {@code /c/{contentId}/{name}} (the name part,
 * used by web seeds, is ignored) and {@code /c/{contentId}.m3u8}: routing and the answer's head
 * here; the range and conditional decision in {@link ContentDecision}, the headers in {@link
 * ContentHeaders}, playlists in {@link Playlists}, misses in {@link PullThroughForwarder}, the body
 * in {@link ShapedTransfer} and its log line in {@link AccessLog}. Anything a client gets wrong is
 * a 4xx with a JSON body.
 */
@ChannelHandler.Sharable
public final class ContentHttpHandler extends SimpleChannelInboundHandler<HttpObject>
    implements PullThroughForwarder.Responder {
  private final ContentStore store;
  private final BandwidthShares shares;
  private final ServedBytes served;
  private final CacheMetrics metrics;
  private final java.util.function.Consumer<ContentId> hit;
  private final AccessLog accessLog;
  private volatile PullThroughForwarder pullThrough;
  private final AtomicInteger activeTransfers = new AtomicInteger();

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

  public ContentHttpHandler(
      ContentStore store,
      BandwidthShares shares,
      ServedBytes served,
      CacheMetrics metrics,
      AccessLog accessLog,
      java.util.function.Consumer<ContentId> hit) {
    this.hit = hit;
    this.accessLog = accessLog;
    this.served = served;
    this.store = store;
    this.shares = shares;
    this.metrics = metrics;
  }

  /** Response bodies being sent right now: a draining daemon waits for them. */
  public int activeTransfers() {
    return activeTransfers.get();
  }

  /** Fills misses from the cluster's other sources; without it a miss is a 404. */
  public void enablePullThrough(PullThrough pullThrough) {
    this.pullThrough = new PullThroughForwarder(pullThrough, store, this);
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
      serveStored(ctx, req, path.substring(3), keepAlive);
    } else if (match instanceof Routes.MethodNotAllowed<String> m) {
      send(ctx, req, Answers.methodNotAllowed(req.method(), path, m.allowHeader()), keepAlive);
    } else {
      send(
          ctx,
          req,
          error(HttpResponseStatus.NOT_FOUND, "not_found", "no endpoint " + path),
          keepAlive);
    }
  }

  /** {@code rest} is the path after {@code /c/}. */
  @Override
  public void serveStored(
      ChannelHandlerContext ctx, HttpRequest req, String rest, boolean keepAlive) {
    int slash = rest.indexOf('/');
    if (req.method().equals(HttpMethod.OPTIONS)) {
      FullHttpResponse r = Answers.bytes(HttpResponseStatus.NO_CONTENT, Answers.TEXT, new byte[0]);
      r.headers().remove(HttpHeaderNames.CONTENT_TYPE);
      ContentHeaders.preflight(r.headers());
      send(ctx, req, r, keepAlive);
      return;
    }
    if (slash < 0 && rest.endsWith(".m3u8")) {
      send(ctx, req, Playlists.answer(store, rest.substring(0, rest.length() - 5)), keepAlive);
      return;
    }
    String idText = slash < 0 ? rest : rest.substring(0, slash);
    // Only a 64-hex id names a file: nothing else (.., %2e, absolute paths) can reach the disk.
    StoredContent meta =
        ContentId.isValid(idText) ? store.get(new ContentId(idText)).orElse(null) : null;
    PullThroughForwarder forwarder = pullThrough;
    if (meta == null && forwarder != null && ContentId.isValid(idText)) {
      metrics.miss();
      forwarder.handle(ctx, req, rest, keepAlive, new ContentId(idText));
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
    String etag = ContentDecision.etag(meta.contentId());
    ContentDecision decision =
        ContentDecision.of(req.method(), req.headers(), etag, meta.sizeBytes());
    if (decision instanceof ContentDecision.NotModified) {
      metrics.notModified();
      FullHttpResponse r =
          Answers.bytes(HttpResponseStatus.NOT_MODIFIED, Answers.TEXT, new byte[0]);
      ContentHeaders.representation(r.headers(), meta.contentType(), etag);
      r.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
      send(ctx, req, r, keepAlive);
      return;
    }
    if (decision instanceof ContentDecision.Unsatisfiable u) {
      metrics.rejected();
      FullHttpResponse r =
          error(
              HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
              "range_not_satisfiable",
              "the content has " + u.length() + " bytes");
      r.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + u.length());
      send(ctx, req, r, keepAlive);
      return;
    }
    ContentId cid = new ContentId(meta.contentId());
    metrics.hit();
    if (!req.method().equals(HttpMethod.HEAD)) {
      hit.accept(cid); // popularity for LFU eviction
    }
    OpenFiles.Lease lease;
    try {
      lease = store.openForReading(cid);
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
    // Web seeds ask for /c/{id}/{name}; plain players and downloaders for /c/{id}.
    boolean plain = slash < 0;
    String range = req.headers().get(HttpHeaderNames.RANGE);
    HttpResponse res;
    if (decision instanceof ContentDecision.Single s) {
      ByteRanges.Range r = s.range();
      res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.PARTIAL_CONTENT);
      ContentHeaders.representation(res.headers(), meta.contentType(), etag);
      res.headers()
          .set(
              HttpHeaderNames.CONTENT_RANGE,
              "bytes " + r.first() + "-" + r.last() + "/" + s.length())
          .set(HttpHeaderNames.CONTENT_LENGTH, r.length());
      stream(ctx, res, cid, range, plain, keepAlive, Body.stored(lease, List.of(r), null));
    } else if (decision instanceof ContentDecision.Multi m) {
      MultipartRanges parts = MultipartRanges.of(m.ranges(), meta.contentType(), m.length());
      res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.PARTIAL_CONTENT);
      ContentHeaders.representation(res.headers(), meta.contentType(), etag);
      res.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, "multipart/byteranges; boundary=" + parts.boundary)
          .set(HttpHeaderNames.CONTENT_LENGTH, parts.contentLength);
      stream(ctx, res, cid, range, plain, keepAlive, Body.stored(lease, m.ranges(), parts));
    } else {
      ContentDecision.Whole w = (ContentDecision.Whole) decision;
      res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      ContentHeaders.representation(res.headers(), meta.contentType(), etag);
      res.headers().set(HttpHeaderNames.CONTENT_LENGTH, w.length());
      List<ByteRanges.Range> all =
          w.length() == 0 ? List.of() : List.of(new ByteRanges.Range(0, w.length() - 1));
      Body b = Body.stored(lease, all, null);
      stream(ctx, res, cid, range, plain, keepAlive, w.headOnly() ? b.withoutBytes() : b);
    }
  }

  /** Writes the head, then the body through a shaped transfer (nothing more for HEAD). */
  @Override
  public void stream(
      ChannelHandlerContext ctx,
      HttpResponse head,
      ContentId id,
      String range,
      boolean plainHttp,
      boolean keepAlive,
      Body body) {
    HttpUtil.setKeepAlive(head, keepAlive);
    ctx.write(head);
    long started = System.nanoTime();
    long planned = body.length();
    activeTransfers.incrementAndGet();
    new ShapedTransfer(
            ctx,
            body.file(),
            body.release(),
            body.ranges(),
            body.multipart(),
            shares.of(id),
            shares.node(),
            keepAlive,
            n -> served.add(id, n, plainHttp),
            metrics::shapingDelay,
            body.growth(),
            sent -> {
              activeTransfers.decrementAndGet();
              accessLog.served(
                  id,
                  head.status().code(),
                  range,
                  sent,
                  planned,
                  started,
                  ctx.channel().remoteAddress());
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

  static FullHttpResponse error(HttpResponseStatus status, String error, String detail) {
    return Answers.error(status, error, detail);
  }

  /** A complete answer; for HEAD the same head without the body. */
  @Override
  public void send(
      ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse r, boolean keepAlive) {
    if (req.method().equals(HttpMethod.HEAD)) {
      long length = r.content().readableBytes();
      r = r.replace(Unpooled.EMPTY_BUFFER);
      r.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
    }
    Answers.send(ctx, r, keepAlive);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A client that goes away mid-transfer is routine, not an error.
    ctx.close();
  }
}
