package dev.whirlwind.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty's aggregator with our answers: a body over the bound (declared or streamed) gets {@code
 * 413} with the JSON error body and the connection is closed, so no byte of it is buffered past the
 * bound; a refused {@code Expect} gets the same body shape.
 */
public final class BoundedAggregator extends HttpObjectAggregator {
  private final int maxBytes;

  public BoundedAggregator(int maxBytes) {
    super(maxBytes, true);
    this.maxBytes = maxBytes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (!(oversized instanceof HttpRequest)) {
      ctx.close();
      return;
    }
    FullHttpResponse r =
        Answers.error(
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            "body_too_large",
            "expected a body of at most " + maxBytes + " bytes");
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.channel().config().setAutoRead(false);
    LingeringClose.after(ctx.writeAndFlush(r));
  }

  @Override
  protected Object newContinueResponse(
      HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    Object r = super.newContinueResponse(start, maxContentLength, pipeline);
    if (r instanceof FullHttpResponse f && f.status().code() != 100) {
      HttpResponseStatus status = f.status();
      ReferenceCountUtil.release(f);
      FullHttpResponse json =
          Answers.error(
              status,
              status.code() == 413 ? "body_too_large" : "expectation_failed",
              status.code() == 413
                  ? "expected a body of at most " + maxBytes + " bytes"
                  : "only 'Expect: 100-continue' is understood");
      json.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      return json;
    }
    return r;
  }
}
