package dev.whirlwind.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses, before any route sees it, a request no daemon should serve: one the decoder could not
 * read (400, or 414 and 431 for an oversized line or head), an HTTP version other than 1.0 and 1.1
 * (505), a method we do not implement, such as {@code get} (methods are case-sensitive, 501), and a
 * missing or repeated {@code Host} (400, RFC 9112 3.2). The answer closes the connection, since
 * what follows on it cannot be trusted.
 */
public final class RequestHygiene extends ChannelInboundHandlerAdapter {
  static final Set<HttpMethod> METHODS =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.POST,
          HttpMethod.PUT,
          HttpMethod.DELETE,
          HttpMethod.OPTIONS,
          HttpMethod.PATCH);

  /** Why a request is refused. */
  public record Refusal(HttpResponseStatus status, String error, String detail) {}

  private final SurfaceCounters counters;
  private boolean discarding;

  public RequestHygiene(SurfaceCounters counters) {
    this.counters = counters;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req) {
      Optional<Refusal> refusal = check(req);
      if (refusal.isPresent()) {
        discarding = !(msg instanceof LastHttpContent);
        ReferenceCountUtil.release(msg);
        counters.badRequests.increment();
        Refusal r = refusal.get();
        FullHttpResponse answer = Answers.error(r.status(), r.error(), r.detail());
        answer.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.channel().config().setAutoRead(false);
        LingeringClose.after(ctx.writeAndFlush(answer));
        return;
      }
      discarding = false;
    } else if (discarding && msg instanceof HttpContent) {
      discarding = !(msg instanceof LastHttpContent);
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  /** What is wrong with a request head, if anything; pure, so tests call it directly. */
  public static Optional<Refusal> check(HttpRequest req) {
    if (!req.decoderResult().isSuccess()) {
      Throwable cause = req.decoderResult().cause();
      String detail = "malformed request: " + cause.getMessage();
      if (cause instanceof TooLongHttpLineException) {
        return refuse(HttpResponseStatus.REQUEST_URI_TOO_LONG, "uri_too_long", detail);
      }
      if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
        return refuse(
            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large", detail);
      }
      return refuse(HttpResponseStatus.BAD_REQUEST, "bad_request", detail);
    }
    HttpVersion v = req.protocolVersion();
    if (!"HTTP".equals(v.protocolName()) || v.majorVersion() != 1 || v.minorVersion() > 1) {
      return refuse(
          HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
          "http_version_not_supported",
          "expected HTTP/1.0 or HTTP/1.1, got " + v.text());
    }
    if (!METHODS.contains(req.method())) {
      return refuse(
          HttpResponseStatus.NOT_IMPLEMENTED,
          "method_not_implemented",
          "method '" + req.method().name() + "' is not implemented (methods are case-sensitive)");
    }
    List<String> hosts = req.headers().getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1) {
      return refuse(HttpResponseStatus.BAD_REQUEST, "bad_host", "the Host header is repeated");
    }
    if (hosts.isEmpty() && v.minorVersion() == 1) {
      return refuse(HttpResponseStatus.BAD_REQUEST, "bad_host", "HTTP/1.1 requires a Host header");
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refuse(HttpResponseStatus s, String error, String detail) {
    return Optional.of(new Refusal(s, error, detail));
  }
}
