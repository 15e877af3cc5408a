package dev.whirlwind.cache.serve;

import dev.whirlwind.protocol.content.MediaTypes;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/** The headers every answer about a content carries: validator, caching, ranges and CORS. */
final class ContentHeaders {
  static final String CACHE_CONTROL = "public, max-age=31536000, immutable";

  private ContentHeaders() {}

  static void representation(HttpHeaders h, String contentType, String etag) {
    h.set(HttpHeaderNames.ETAG, etag)
        .set(HttpHeaderNames.CACHE_CONTROL, CACHE_CONTROL)
        .set(HttpHeaderNames.ACCEPT_RANGES, "bytes")
        .set(HttpHeaderNames.CONTENT_TYPE, contentType == null ? MediaTypes.DEFAULT : contentType);
    cors(h);
  }

  /** Pages on other origins play our contents: they may read the ranges and validators too. */
  static void cors(HttpHeaders h) {
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .set(
            HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS,
            "Content-Length, Content-Range, Accept-Ranges, ETag");
  }

  static void preflight(HttpHeaders h) {
    cors(h);
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS")
        .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Range, If-Range, If-None-Match")
        .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
  }
}
