package dev.whirlwind.cache.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.whirlwind.protocol.content.DiskErrors;
import dev.whirlwind.protocol.security.AdminToken;
import dev.whirlwind.server.http.Answers;
import dev.whirlwind.server.http.HttpSurface;
import dev.whirlwind.server.http.Routes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's admin requests ({@code /v1/...}): bearer token, route, body, answer. JSON bodies
 * are gathered up to {@code maxJsonBodyBytes} (413 past it); an upload streams through an {@link
 * UploadStream}. Every request gets a JSON answer, whatever a route throws; an answer given before
 * its body was read closes the connection. Anything not under {@code /v1/} passes on to the content
 * handler.
 */
public final class AdminHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

  private final AdminApi api;
  private final AdminToken token;
  private final UploadStream.Node uploads;
  private final int maxJsonBodyBytes;

  private boolean passThrough;
  // The request being read: its route and head, its gathered body, or its upload.
  private Routes.Found<AdminApi.Route> route;
  private AdminRequest head;
  private CompositeByteBuf body;
  private UploadStream upload;
  private boolean answered;
  private boolean keepAlive;

  public AdminHandler(
      AdminApi api, AdminToken token, UploadStream.Node uploads, int maxJsonBodyBytes) {
    this.api = api;
    this.token = token;
    this.uploads = uploads;
    this.maxJsonBodyBytes = maxJsonBodyBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req) {
      passThrough = !req.uri().startsWith("/v1/");
      if (passThrough) {
        ctx.fireChannelRead(msg);
        return;
      }
      start(ctx, req);
    } else if (passThrough) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (msg instanceof HttpContent c) {
      try {
        content(ctx, c);
      } finally {
        ReferenceCountUtil.release(c);
      }
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void start(ChannelHandlerContext ctx, HttpRequest req) {
    answered = false;
    route = null;
    upload = null;
    keepAlive = HttpUtil.isKeepAlive(req);
    QueryStringDecoder uri = new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8);
    if (!HttpSurface.servesAdmin(ctx.channel())) {
      early(
          ctx,
          error(
              HttpResponseStatus.NOT_FOUND,
              "not_found",
              "no endpoint " + uri.rawPath() + " on this port: the admin API has its own"));
      return;
    }
    Routes.Match<AdminApi.Route> match = api.routes().match(req.method(), uri.rawPath());
    if (match instanceof Routes.NotFound<AdminApi.Route>) {
      early(ctx, error(HttpResponseStatus.NOT_FOUND, "not_found", "no endpoint " + uri.rawPath()));
      return;
    }
    if (!token.accepts(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
      early(
          ctx,
          token.configured()
              ? error(
                  HttpResponseStatus.UNAUTHORIZED,
                  "unauthorized",
                  "a valid bearer token is required")
              : error(
                  HttpResponseStatus.SERVICE_UNAVAILABLE, "admin_disabled", token.missingDetail()));
      return;
    }
    if (match instanceof Routes.MethodNotAllowed<AdminApi.Route> m) {
      early(ctx, Answers.methodNotAllowed(req.method(), uri.rawPath(), m.allowHeader()));
      return;
    }
    route = (Routes.Found<AdminApi.Route>) match;
    head =
        new AdminRequest(
            req.method(), uri.rawPath(), route.params(), uri.parameters(), req.headers(), null);
    if (route.handler() == AdminApi.UPLOAD) {
      try {
        upload = UploadStream.open(uploads, ctx, head, a -> early(ctx, a));
      } catch (IOException | RuntimeException e) {
        early(ctx, answerFor(e));
      }
      return;
    }
    long declared = HttpUtil.getContentLength(req, 0L);
    if (declared > maxJsonBodyBytes) {
      early(ctx, tooLarge());
      return;
    }
    body = ctx.alloc().compositeBuffer();
  }

  private void content(ChannelHandlerContext ctx, HttpContent c) {
    boolean last = c instanceof LastHttpContent;
    if (answered) {
      if (last) {
        finishRequest();
      }
      return;
    }
    if (upload != null) {
      CompletableFuture<FullHttpResponse> done = upload.content(c);
      if (done != null) {
        upload = null;
        reply(ctx, done, true);
      }
      return;
    }
    if (body == null) {
      return;
    }
    if (body.readableBytes() + c.content().readableBytes() > maxJsonBodyBytes) {
      early(ctx, tooLarge());
      return;
    }
    body.addComponent(true, c.content().retain());
    if (last) {
      ByteBuf whole = body;
      body = null;
      AdminRequest r =
          new AdminRequest(
              head.method(), head.path(), head.params(), head.query(), head.headers(), whole);
      CompletableFuture<FullHttpResponse> answer;
      try {
        answer = route.handler().answer(r);
      } catch (IOException | RuntimeException e) {
        answer = CompletableFuture.completedFuture(answerFor(e));
      }
      answer.whenComplete((a, e) -> whole.release());
      reply(ctx, answer, true);
    }
  }

  /** Sends a route's answer on the connection's event loop once it is there. */
  private void reply(
      ChannelHandlerContext ctx, CompletableFuture<FullHttpResponse> answer, boolean bodyRead) {
    answer.whenComplete(
        (a, e) ->
            ctx.executor()
                .execute(
                    () -> {
                      FullHttpResponse r = e == null ? a : answerFor(e);
                      if (answered) {
                        ReferenceCountUtil.release(r);
                        return;
                      }
                      answered = true;
                      Answers.send(ctx, r, keepAlive && bodyRead);
                      if (!ctx.channel().config().isAutoRead()) {
                        ctx.channel().config().setAutoRead(true);
                      }
                    }));
  }

  /** An answer before the request's body is read: the connection closes after it. */
  private void early(ChannelHandlerContext ctx, FullHttpResponse r) {
    if (answered) {
      ReferenceCountUtil.release(r);
      return;
    }
    answered = true;
    finishRequest();
    Answers.sendAndLinger(ctx, r);
  }

  private void finishRequest() {
    if (body != null) {
      body.release();
      body = null;
    }
    if (upload != null) {
      upload.abort();
      upload = null;
    }
  }

  private FullHttpResponse tooLarge() {
    return error(
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        "body_too_large",
        "expected a JSON body of at most " + maxJsonBodyBytes + " bytes");
  }

  /** The one place a route's failure becomes an answer: none is ever left without one. */
  private FullHttpResponse answerFor(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof AdminRejection r) {
      return error(r.status, r.error, r.getMessage());
    }
    if (cause instanceof dev.whirlwind.cache.download.DownloadManager.Full full) {
      FullHttpResponse r =
          error(HttpResponseStatus.SERVICE_UNAVAILABLE, "too_many_orders", full.getMessage());
      r.headers().set(HttpHeaderNames.RETRY_AFTER, "30");
      return r;
    }
    if (cause instanceof JsonProcessingException j) {
      return error(HttpResponseStatus.BAD_REQUEST, "bad_json", j.getOriginalMessage());
    }
    if (cause instanceof IllegalArgumentException) {
      return error(HttpResponseStatus.BAD_REQUEST, "bad_request", cause.getMessage());
    }
    if (DiskErrors.isNoSpace(cause)) {
      return error(
          HttpResponseStatus.INSUFFICIENT_STORAGE,
          "insufficient_storage",
          "the disk is full: " + cause.getMessage());
    }
    if (cause instanceof IOException) {
      return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "io_error", cause.getMessage());
    }
    LOG.warn("admin request failed: {}", cause.toString(), cause);
    return error(
        HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "the request failed: " + cause);
  }

  private static FullHttpResponse error(HttpResponseStatus s, String error, String detail) {
    return Answers.error(s, error, String.valueOf(detail));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    finishRequest();
    ctx.fireChannelInactive();
  }
}
