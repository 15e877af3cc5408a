package dev.whirlwind.cache.serve;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;

/**
 * What a {@code GET} or {@code HEAD} of a content answers, decided from the request's conditional
 * and range headers alone (RFC 9110 13 and 14), before any file is opened: a pure function that
 * unit tests call directly. {@code If-None-Match} wins over {@code Range}; {@code Range} on HEAD is
 * ignored; {@code If-Range} uses the strong comparison, so only our exact ETag keeps the range.
 */
public sealed interface ContentDecision {
  /** {@code 304}: the client holds this content. */
  record NotModified() implements ContentDecision {}

  /** {@code 416}: a valid range set of which nothing is satisfiable. */
  record Unsatisfiable(long length) implements ContentDecision {}

  /** {@code 200} with the whole content, or its head only. */
  record Whole(long length, boolean headOnly) implements ContentDecision {}

  /** {@code 206} with one range. */
  record Single(ByteRanges.Range range, long length) implements ContentDecision {}

  /** {@code 206} with several ranges as {@code multipart/byteranges}. */
  record Multi(List<ByteRanges.Range> ranges, long length) implements ContentDecision {}

  int MAX_RANGES = 32;

  /** The strong ETag of a content: its quoted id. */
  static String etag(String contentId) {
    return "\"" + contentId + "\"";
  }

  static ContentDecision of(HttpMethod method, HttpHeaders headers, String etag, long length) {
    boolean head = method.equals(HttpMethod.HEAD);
    if (matchesAny(headers.get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
      return new NotModified();
    }
    String range = headers.get(HttpHeaderNames.RANGE);
    ByteRanges.Selection selection = new ByteRanges.Whole();
    if (!head && range != null) {
      String ifRange = headers.get(HttpHeaderNames.IF_RANGE);
      if (ifRange == null || ifRange.trim().equals(etag)) {
        selection = ByteRanges.select(range, length, MAX_RANGES);
      }
    }
    if (selection instanceof ByteRanges.Unsatisfiable) {
      return new Unsatisfiable(length);
    }
    if (selection instanceof ByteRanges.Partial p) {
      return p.ranges().size() == 1
          ? new Single(p.ranges().get(0), length)
          : new Multi(p.ranges(), length);
    }
    return new Whole(length, head);
  }

  private static boolean matchesAny(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String t : ifNoneMatch.split(",")) {
      String v = t.trim();
      if (v.equals("*") || v.equals(etag) || v.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }
}
