package dev.whirlwind.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * {@code GET|HEAD /healthz}, {@code /readyz} and {@code /metrics}, answered the same way by every
 * daemon before its own routes. On a connection admitted past the caps ({@code opsOnly}) they are
 * all it answers: anything else gets {@code 503 too_many_connections}.
 */
public final class OpsEndpoints extends ChannelInboundHandlerAdapter {
  private final Ops ops;
  private final SurfaceCounters counters;
  private final IntSupplier openConnections;
  private final boolean opsOnly;
  private boolean discarding;

  public OpsEndpoints(
      Ops ops, SurfaceCounters counters, IntSupplier openConnections, boolean opsOnly) {
    this.ops = ops;
    this.counters = counters;
    this.openConnections = openConnections;
    this.opsOnly = opsOnly;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req) {
      FullHttpResponse answer = answer(req);
      if (answer == null && !opsOnly) {
        discarding = false;
        ctx.fireChannelRead(msg);
        return;
      }
      if (answer == null) {
        answer =
            Answers.error(
                HttpResponseStatus.SERVICE_UNAVAILABLE,
                "too_many_connections",
                "this daemon serves its maximum of connections; only /healthz, /readyz and"
                    + " /metrics are answered now");
        answer.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
      }
      discarding = !(msg instanceof LastHttpContent);
      boolean keepAlive = HttpUtil.isKeepAlive(req) && !opsOnly;
      ReferenceCountUtil.release(msg);
      Answers.send(ctx, answer, keepAlive);
      return;
    }
    if (discarding && msg instanceof HttpContent) {
      discarding = !(msg instanceof LastHttpContent);
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private FullHttpResponse answer(HttpRequest req) {
    String path = req.uri();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    if (!path.equals("/healthz") && !path.equals("/readyz") && !path.equals("/metrics")) {
      return null;
    }
    if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
      FullHttpResponse r =
          Answers.error(
              HttpResponseStatus.METHOD_NOT_ALLOWED,
              "method_not_allowed",
              req.method() + " on " + path + "; expected GET or HEAD");
      r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      return r;
    }
    return switch (path) {
      case "/healthz" -> {
        Optional<String> problem = ops.liveProblem().get();
        yield problem.isEmpty()
            ? Answers.text(HttpResponseStatus.OK, "ok\n")
            : Answers.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "not_live", problem.get());
      }
      case "/readyz" ->
          ops.ready().getAsBoolean()
              ? Answers.text(HttpResponseStatus.OK, "ready\n")
              : Answers.error(
                  HttpResponseStatus.SERVICE_UNAVAILABLE, "not_ready", ops.notReadyDetail());
      default ->
          Answers.bytes(
              HttpResponseStatus.OK,
              Answers.METRICS,
              (ops.metrics().get() + counters.scrape(ops.daemon(), openConnections.getAsInt()))
                  .getBytes(StandardCharsets.UTF_8));
    };
  }
}
