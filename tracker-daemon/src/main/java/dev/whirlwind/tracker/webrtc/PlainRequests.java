package dev.whirlwind.tracker.webrtc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.server.http.Answers;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The plain HTTP requests the WebSocket port takes: a player page's byte report, {@code POST
 * /report} with {@code {"session","toPeers","fromPeers"}} (cumulative bytes given to and received
 * from other players; what caches served it, the caches count), sent cross-origin as a CORS simple
 * request (text/plain, or {@code navigator.sendBeacon} as the page goes). Anything else that is not
 * a WebSocket upgrade gets a JSON {@code 426}. Each request gets its answer and the connection
 * closes: a page reports every few seconds, so there is nothing to keep alive.
 */
final class PlainRequests extends ChannelInboundHandlerAdapter {
  static final String PATH = "/report";

  /** A report's largest body; the port's aggregator answers 413 past it. */
  static final int MAX_BODY_BYTES = 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BrowserSessions sessions;
  private final LongSupplier nanoTime;

  PlainRequests(BrowserSessions sessions, LongSupplier nanoTime) {
    this.sessions = sessions;
    this.nanoTime = nanoTime;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest req)
        || req.headers().containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
      ctx.fireChannelRead(msg);
      return;
    }
    FullHttpResponse answer;
    try {
      answer = answer(req);
    } finally {
      req.release();
    }
    // Any page may report: its session is what it proves, not its origin.
    answer.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    Answers.send(ctx, answer, false);
  }

  private FullHttpResponse answer(FullHttpRequest req) {
    String path;
    try {
      path = new QueryStringDecoder(req.uri()).path();
    } catch (IllegalArgumentException badEscape) {
      return Answers.error(
          HttpResponseStatus.BAD_REQUEST, "bad_request", "the request path is not decodable");
    }
    if (!path.equals(PATH)) {
      FullHttpResponse r =
          Answers.error(
              HttpResponseStatus.UPGRADE_REQUIRED,
              "upgrade_required",
              "this is the WebSocket tracker: connect with a WebSocket (ws://), or POST "
                  + PATH
                  + " a player's byte report");
      r.headers().set(HttpHeaderNames.UPGRADE, "websocket");
      return r;
    }
    if (req.method().equals(HttpMethod.OPTIONS)) {
      FullHttpResponse r =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
      r.headers()
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS")
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type")
          .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
      HttpUtil.setContentLength(r, 0);
      return r;
    }
    if (!req.method().equals(HttpMethod.POST)) {
      return Answers.methodNotAllowed(req.method(), PATH, "POST, OPTIONS");
    }
    Report report;
    try {
      report = Report.parse(req.content().toString(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Answers.error(HttpResponseStatus.BAD_REQUEST, "bad_report", e.getMessage());
    }
    return switch (sessions.report(
        report.session(), report.toPeers(), report.fromPeers(), nanoTime.getAsLong())) {
      case COUNTED -> {
        FullHttpResponse r =
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        HttpUtil.setContentLength(r, 0);
        yield r;
      }
      case UNKNOWN_SESSION ->
          Answers.error(
              HttpResponseStatus.NOT_FOUND,
              "unknown_session",
              "no connection of this tracker announced with session "
                  + report.session()
                  + " (its tracker URL's ?s=) within the last "
                  + BrowserSessions.CLOSED_GRACE_NANOS / 1_000_000_000L
                  + " s");
      case TOO_SOON -> {
        FullHttpResponse r =
            Answers.error(
                HttpResponseStatus.TOO_MANY_REQUESTS,
                "too_many_reports",
                "a session reports at most once a second");
        r.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        yield r;
      }
    };
  }

  /** A report's fields, checked. */
  record Report(String session, long toPeers, long fromPeers) {
    static Report parse(String body) {
      JsonNode m;
      try {
        m = JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("expected a JSON object: " + e.getOriginalMessage());
      }
      if (m == null || !m.isObject()) {
        throw new IllegalArgumentException("expected a JSON object");
      }
      String session = m.path("session").asText(null);
      if (!m.path("session").isTextual() || !BrowserSessions.validToken(session)) {
        throw new IllegalArgumentException(
            "session must be the 16 to 64 URL-safe characters of the tracker URL's ?s=");
      }
      return new Report(session, counter(m, "toPeers"), counter(m, "fromPeers"));
    }

    private static long counter(JsonNode m, String field) {
      JsonNode v = m.path(field);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
        throw new IllegalArgumentException(field + " must be a whole number of bytes, 0 or more");
      }
      return v.asLong();
    }
  }
}
