package dev.whirlwind.cache.serve;

import dev.whirlwind.cache.download.Fetching;
import dev.whirlwind.cache.pullthrough.PullThrough;
import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.server.http.Answers;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * A miss answered from the shared fetch of the missing content, without blocking the event loop
 * (the connection reads nothing more meanwhile). A whole or single-range GET is answered while the
 * fetch runs, forwarding only the verified prefix as it grows; anything else waits for the whole
 * content and is then served like a hit.
 */
final class PullThroughForwarder {
  /** What the forwarder needs of the content handler. */
  interface Responder {
    void serveStored(ChannelHandlerContext ctx, HttpRequest req, String rest, boolean keepAlive);

    void stream(
        ChannelHandlerContext ctx,
        HttpResponse head,
        ContentId id,
        String range,
        boolean plainHttp,
        boolean keepAlive,
        Body body);

    void send(ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse r, boolean keepAlive);
  }

  private final PullThrough pullThrough;
  private final ContentStore store;
  private final Responder responder;

  PullThroughForwarder(PullThrough pullThrough, ContentStore store, Responder responder) {
    this.pullThrough = pullThrough;
    this.store = store;
    this.responder = responder;
  }

  void handle(
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
                            failed(ctx, req, keepAlive, id, error);
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
    String etag = ContentDecision.etag(id.hex());
    long size = fetching.sizeBytes();
    boolean head = req.method().equals(HttpMethod.HEAD);
    ContentDecision decision = ContentDecision.of(req.method(), req.headers(), etag, size);
    boolean streamable =
        fetching.verifiesPieces()
            && size > 0
            && (head || req.method().equals(HttpMethod.GET))
            && req.headers().get(HttpHeaderNames.IF_NONE_MATCH) == null
            && (decision instanceof ContentDecision.Whole
                || decision instanceof ContentDecision.Single);
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
                              responder.serveStored(ctx, req, rest, keepAlive);
                            } else {
                              failed(
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
    if (decision instanceof ContentDecision.Single s) {
      ByteRanges.Range r = s.range();
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
    ContentHeaders.representation(res.headers(), fetching.contentType(), etag);
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
    String range = req.headers().get(HttpHeaderNames.RANGE);
    Body body = Body.growing(file, ranges, growth);
    responder.stream(
        ctx, res, id, range, rest.indexOf('/') < 0, keepAlive, head ? body.withoutBytes() : body);
  }

  private void failed(
      ChannelHandlerContext ctx,
      HttpRequest req,
      boolean keepAlive,
      ContentId id,
      Throwable error) {
    Throwable cause =
        error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
    FullHttpResponse r;
    if (cause instanceof PullThrough.Busy) {
      r = Answers.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy", cause.getMessage());
      r.headers().set(HttpHeaderNames.RETRY_AFTER, "10");
    } else if (cause instanceof PullThrough.Unknown) {
      r = Answers.error(HttpResponseStatus.NOT_FOUND, "not_found", cause.getMessage());
    } else {
      r =
          Answers.error(
              HttpResponseStatus.BAD_GATEWAY,
              "fetch_failed",
              "fetching " + id + " failed: " + cause.getMessage());
    }
    responder.send(ctx, req, r, keepAlive);
  }
}
