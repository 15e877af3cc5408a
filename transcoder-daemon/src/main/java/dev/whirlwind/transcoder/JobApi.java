package dev.whirlwind.transcoder;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.security.AdminToken;
import dev.whirlwind.protocol.transcode.TranscodeJobRequest;
import dev.whirlwind.transcoder.jobs.Jobs;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The transcoder's HTTP API: {@code POST /v1/jobs}, {@code GET /v1/jobs}, {@code GET|DELETE
 * /v1/jobs/{id}} (bearer token), {@code /healthz}, {@code /readyz}, {@code /metrics}. Requests run
 * on a worker pool (a submission may ask the tracker), never on the event loop; every error has a
 * JSON body.
 */
@ChannelHandler.Sharable
final class JobApi extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Jobs jobs;
  private final AdminToken token;
  private final Executor workers;
  private final BooleanSupplier ready;
  private final Supplier<String> metrics;

  JobApi(
      Jobs jobs,
      AdminToken token,
      Executor workers,
      BooleanSupplier ready,
      Supplier<String> metrics) {
    this.jobs = jobs;
    this.token = token;
    this.workers = workers;
    this.ready = ready;
    this.metrics = metrics;
  }

  private record Answer(HttpResponseStatus status, String contentType, byte[] body) {}

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    req.retain();
    workers.execute(
        () -> {
          Answer a;
          try {
            a = answer(req);
          } catch (IllegalArgumentException e) {
            a = error(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage());
          } catch (IOException e) {
            a = error(HttpResponseStatus.BAD_GATEWAY, "cluster", e.getMessage());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            a = error(HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping", "the daemon stops");
          } finally {
            req.release();
          }
          FullHttpResponse r =
              new DefaultFullHttpResponse(
                  HttpVersion.HTTP_1_1, a.status(), Unpooled.wrappedBuffer(a.body()));
          r.headers().set(HttpHeaderNames.CONTENT_TYPE, a.contentType());
          HttpUtil.setContentLength(r, a.body().length);
          HttpUtil.setKeepAlive(r, keepAlive);
          var f = ctx.writeAndFlush(r);
          if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
          }
        });
  }

  private Answer answer(FullHttpRequest req) throws IOException, InterruptedException {
    String path = req.uri();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    switch (path) {
      case "/healthz" -> {
        return text(HttpResponseStatus.OK, "ok\n");
      }
      case "/readyz" -> {
        return ready.getAsBoolean()
            ? text(HttpResponseStatus.OK, "ready\n")
            : error(HttpResponseStatus.SERVICE_UNAVAILABLE, "not_ready", "starting or stopping");
      }
      case "/metrics" -> {
        return new Answer(
            HttpResponseStatus.OK,
            "text/plain; version=0.0.4; charset=utf-8",
            metrics.get().getBytes(StandardCharsets.UTF_8));
      }
      default -> {}
    }
    if (!path.equals("/v1/jobs") && !path.startsWith("/v1/jobs/")) {
      return error(HttpResponseStatus.NOT_FOUND, "not_found", "no endpoint " + path);
    }
    if (!token.accepts(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
      return error(
          HttpResponseStatus.UNAUTHORIZED, "unauthorized", "a valid bearer token is required");
    }
    HttpMethod m = req.method();
    if (path.equals("/v1/jobs")) {
      if (m.equals(HttpMethod.GET)) {
        return json(HttpResponseStatus.OK, jobs.list());
      }
      if (!m.equals(HttpMethod.POST)) {
        return error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", m + " on jobs");
      }
      TranscodeJobRequest request;
      try {
        request =
            JSON.readValue(
                (java.io.InputStream) new ByteBufInputStream(req.content()),
                TranscodeJobRequest.class);
      } catch (IOException e) {
        return error(HttpResponseStatus.BAD_REQUEST, "bad_json", e.getMessage());
      }
      if (request == null) {
        return error(HttpResponseStatus.BAD_REQUEST, "bad_json", "expected a job request");
      }
      return json(HttpResponseStatus.ACCEPTED, jobs.submit(request));
    }
    String id = path.substring("/v1/jobs/".length());
    var status =
        m.equals(HttpMethod.DELETE)
            ? jobs.cancel(id)
            : m.equals(HttpMethod.GET) ? jobs.get(id) : null;
    if (status == null) {
      return error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", m + " on a job");
    }
    return status.isPresent()
        ? json(HttpResponseStatus.OK, status.get())
        : error(HttpResponseStatus.NOT_FOUND, "not_found", "no job " + id);
  }

  private static Answer text(HttpResponseStatus s, String body) {
    return new Answer(s, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static Answer json(HttpResponseStatus s, Object body) throws IOException {
    return new Answer(s, "application/json", JSON.writeValueAsBytes(body));
  }

  private static Answer error(HttpResponseStatus s, String code, String message) {
    try {
      return json(s, Map.of("error", code, "detail", String.valueOf(message)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
