package dev.whirlwind.cache.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** The answer to a content request, from its headers alone. */
class ContentDecisionTest {
  static final String ETAG = "\"" + "ab".repeat(32) + "\"";

  private static ContentDecision decide(HttpMethod m, String... headers) {
    HttpHeaders h = new DefaultHttpHeaders();
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1]);
    }
    return ContentDecision.of(m, h, ETAG, 1000);
  }

  @Test
  void ifNoneMatchWinsOverRange() {
    assertThat(decide(HttpMethod.GET, "If-None-Match", "\"x\", " + ETAG, "Range", "bytes=0-1"))
        .isInstanceOf(ContentDecision.NotModified.class);
    assertThat(decide(HttpMethod.GET, "If-None-Match", "*"))
        .isInstanceOf(ContentDecision.NotModified.class);
  }

  @Test
  void oneRangeIsSingleSeveralAreMultiNoneSatisfiableIs416() {
    assertThat(decide(HttpMethod.GET, "Range", "bytes=10-19"))
        .isEqualTo(new ContentDecision.Single(new ByteRanges.Range(10, 19), 1000));
    assertThat(decide(HttpMethod.GET, "Range", "bytes=0-1,5-6"))
        .isInstanceOf(ContentDecision.Multi.class);
    assertThat(decide(HttpMethod.GET, "Range", "bytes=5000-"))
        .isEqualTo(new ContentDecision.Unsatisfiable(1000));
  }

  @Test
  void rangeOnHeadAndRangeWithAStaleIfRangeServeTheWhole() {
    assertThat(decide(HttpMethod.HEAD, "Range", "bytes=10-19"))
        .isEqualTo(new ContentDecision.Whole(1000, true));
    assertThat(decide(HttpMethod.GET, "Range", "bytes=10-19", "If-Range", "W/" + ETAG))
        .isEqualTo(new ContentDecision.Whole(1000, false));
    assertThat(decide(HttpMethod.GET, "Range", "bytes=10-19", "If-Range", ETAG))
        .isInstanceOf(ContentDecision.Single.class);
  }
}
