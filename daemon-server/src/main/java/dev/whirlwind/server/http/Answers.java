package dev.whirlwind.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Complete answers every daemon sends the same way. Every error is JSON {@code {"error": code,
 * "detail": what was expected and what arrived}}; metrics are Prometheus text format 0.0.4.
 */
public final class Answers {
  public static final String JSON = "application/json";
  public static final String TEXT = "text/plain; charset=utf-8";
  public static final String METRICS = "text/plain; version=0.0.4; charset=utf-8";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Answers() {}

  public static FullHttpResponse bytes(HttpResponseStatus status, String contentType, byte[] body) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    HttpUtil.setContentLength(r, body.length);
    return r;
  }

  public static FullHttpResponse text(HttpResponseStatus status, String body) {
    return bytes(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
  }

  public static FullHttpResponse textOf(
      HttpResponseStatus status, String contentType, String body) {
    return bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON answer of any Jackson-serialisable value, most often a {@code protocol} record. */
  public static FullHttpResponse json(HttpResponseStatus status, Object body) {
    try {
      return bytes(status, JSON, MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + body.getClass() + " as JSON", e);
    }
  }

  public static FullHttpResponse error(HttpResponseStatus status, String error, String detail) {
    return bytes(status, JSON, errorBody(error, detail));
  }

  /** {@code 405} for a path that other methods serve, with their {@code Allow} list. */
  public static FullHttpResponse methodNotAllowed(
      io.netty.handler.codec.http.HttpMethod method, String path, String allow) {
    FullHttpResponse r =
        error(
            HttpResponseStatus.METHOD_NOT_ALLOWED,
            "method_not_allowed",
            method + " on " + path + "; allowed: " + allow);
    r.headers().set(HttpHeaderNames.ALLOW, allow);
    return r;
  }

  /** The one error body: {@code {"error":..,"detail":..}} plus a newline for curl users. */
  public static byte[] errorBody(String error, String detail) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("detail", detail == null ? "" : detail);
    try {
      byte[] json = MAPPER.writeValueAsBytes(body);
      byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
      line[json.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes an answer given before the request's body was read to its end, then closes the
   * connection without resetting it (see {@link LingeringClose}).
   */
  public static ChannelFuture sendAndLinger(ChannelHandlerContext ctx, FullHttpResponse response) {
    HttpUtil.setKeepAlive(response, false);
    ChannelFuture f = ctx.writeAndFlush(response);
    LingeringClose.after(f);
    return f;
  }

  /**
   * Writes a complete answer and keeps the connection only if the request allowed it; an answer
   * that must close the connection says {@code Connection: close}.
   */
  public static ChannelFuture send(
      ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    HttpUtil.setKeepAlive(response, keepAlive);
    ChannelFuture f = ctx.writeAndFlush(response);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
    return f;
  }
}
