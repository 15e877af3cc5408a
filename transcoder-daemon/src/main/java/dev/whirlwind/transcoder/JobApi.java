package dev.whirlwind.transcoder;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.security.AdminToken;
import dev.whirlwind.protocol.transcode.TranscodeJobRequest;
import dev.whirlwind.server.http.Answers;
import dev.whirlwind.server.http.Routes;
import dev.whirlwind.transcoder.jobs.Jobs;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transcoder's job API (bearer token): {@code POST /v1/jobs}, {@code GET /v1/jobs}, {@code
 * GET|DELETE /v1/jobs/{jobId}}. Requests run on a worker pool (a submission may ask the tracker),
 * never on the event loop. Bodies are read strictly: an unknown field, such as a profile shaped
 * like the CRD, is a 400 that names it.
 */
@ChannelHandler.Sharable
final class JobApi extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(JobApi.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** One route's work. */
  @FunctionalInterface
  interface Route {
    FullHttpResponse answer(FullHttpRequest req, Routes.Found<Route> match)
        throws IOException, InterruptedException;
  }

  private final Jobs jobs;
  private final AdminToken token;
  private final Executor workers;
  private final Routes<Route> routes;

  JobApi(Jobs jobs, AdminToken token, Executor workers) {
    this.jobs = jobs;
    this.token = token;
    this.workers = workers;
    this.routes = routes(this);
  }

  static Routes<Route> routes(JobApi api) {
    return Routes.<Route>builder()
        .post("/v1/jobs", (req, m) -> api.submit(req))
        .get("/v1/jobs", (req, m) -> Answers.json(HttpResponseStatus.OK, api.jobs.list()))
        .get(
            "/v1/jobs/{jobId}",
            (req, m) -> api.found(m.param("jobId"), api.jobs.get(m.param("jobId"))))
        .delete(
            "/v1/jobs/{jobId}",
            (req, m) -> api.found(m.param("jobId"), api.jobs.cancel(m.param("jobId"))))
        .build();
  }

  Routes<Route> routes() {
    return routes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    req.retain();
    try {
      workers.execute(
          () -> {
            try {
              Answers.send(ctx, answer(req), keepAlive);
            } finally {
              req.release();
            }
          });
    } catch (RejectedExecutionException e) {
      req.release();
      Answers.send(
          ctx,
          Answers.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping", "the daemon stops"),
          false);
    }
  }

  private FullHttpResponse answer(FullHttpRequest req) {
    String path = req.uri();
    int q = path.indexOf('?');
    path = q < 0 ? path : path.substring(0, q);
    Routes.Match<Route> match = routes.match(req.method(), path);
    if (match instanceof Routes.NotFound<Route>) {
      return Answers.error(HttpResponseStatus.NOT_FOUND, "not_found", "no endpoint " + path);
    }
    if (!token.accepts(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
      return token.configured()
          ? Answers.error(
              HttpResponseStatus.UNAUTHORIZED, "unauthorized", "a valid bearer token is required")
          : Answers.error(
              HttpResponseStatus.SERVICE_UNAVAILABLE, "admin_disabled", token.missingDetail());
    }
    if (match instanceof Routes.MethodNotAllowed<Route> m) {
      return Answers.methodNotAllowed(req.method(), path, m.allowHeader());
    }
    Routes.Found<Route> found = (Routes.Found<Route>) match;
    try {
      return found.handler().answer(req, found);
    } catch (Jobs.Full e) {
      FullHttpResponse r =
          Answers.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "too_many_jobs", e.getMessage());
      r.headers().set(HttpHeaderNames.RETRY_AFTER, "30");
      return r;
    } catch (IllegalArgumentException e) {
      return Answers.error(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage());
    } catch (IOException e) {
      return Answers.error(HttpResponseStatus.BAD_GATEWAY, "cluster", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Answers.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping", "the daemon stops");
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed: {}", req.method(), path, e.toString(), e);
      return Answers.error(
          HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "the request failed: " + e);
    }
  }

  private FullHttpResponse submit(FullHttpRequest req) throws IOException, InterruptedException {
    TranscodeJobRequest request;
    try {
      request =
          JSON.readValue(
              (java.io.InputStream) new ByteBufInputStream(req.content()),
              TranscodeJobRequest.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Answers.error(HttpResponseStatus.BAD_REQUEST, "bad_json", e.getOriginalMessage());
    } catch (IOException e) {
      return Answers.error(HttpResponseStatus.BAD_REQUEST, "bad_json", e.getMessage());
    }
    if (request == null) {
      return Answers.error(
          HttpResponseStatus.BAD_REQUEST, "bad_json", "expected a job request object, got null");
    }
    return Answers.json(HttpResponseStatus.ACCEPTED, jobs.submit(request));
  }

  private FullHttpResponse found(String id, java.util.Optional<?> status) {
    return status.isPresent()
        ? Answers.json(HttpResponseStatus.OK, status.get())
        : Answers.error(HttpResponseStatus.NOT_FOUND, "not_found", "no job " + id);
  }
}
