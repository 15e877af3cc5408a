package dev.whirlwind.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One request at a time per connection, answered in order (RFC 9112 9.3.2). BitTorrent clients
 * pipeline their web-seed range requests, and the decoder hands over every request a read brought
 * at once; a shaped answer waits for its token bucket, so without this gate the next request's
 * answer was written into the middle of it — corrupt pieces, banned web seeds (found with
 * libtorrent: hash failures and 77 overlapping answers on one pool). A request that arrives while
 * one is being answered waits here, with its body, until the answer's last part is written. At most
 * {@link #MAX_WAITING} requests and {@link #MAX_WAITING_BYTES} of their bodies wait; past that the
 * connection is closed (a client may retry what was not answered).
 */
public final class PipelinedRequests extends ChannelDuplexHandler {
  static final int MAX_WAITING = 16;
  static final long MAX_WAITING_BYTES = 1 << 20;

  /** One waiting request: its head and the body parts seen so far. */
  private static final class Waiting {
    final List<Object> parts = new ArrayList<>();
    boolean complete;
  }

  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private long waitingBytes;
  private boolean busy;
  // Where the next body part goes: the last waiting request, or on (null).
  private Waiting receiving;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      if (!busy) {
        busy = true;
        receiving = null;
        ctx.fireChannelRead(msg);
        return;
      }
      if (waiting.size() >= MAX_WAITING) {
        ReferenceCountUtil.release(msg);
        ctx.close();
        return;
      }
      Waiting w = new Waiting();
      w.parts.add(msg);
      w.complete = msg instanceof LastHttpContent;
      waiting.add(w);
      receiving = w.complete ? null : w;
      return;
    }
    if (msg instanceof HttpContent c && receiving != null) {
      waitingBytes += c.content().readableBytes();
      if (waitingBytes > MAX_WAITING_BYTES) {
        c.release();
        ctx.close();
        return;
      }
      receiving.parts.add(msg);
      if (msg instanceof LastHttpContent) {
        receiving.complete = true;
        receiving = null;
      }
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof LastHttpContent) {
      // The answer's last part: once it is written, the next request may be answered.
      ChannelPromise p = promise.unvoid();
      p.addListener(f -> ctx.executor().execute(() -> next(ctx)));
      ctx.write(msg, p);
      return;
    }
    ctx.write(msg, promise);
  }

  private void next(ChannelHandlerContext ctx) {
    busy = false;
    if (!ctx.channel().isActive()) {
      return;
    }
    Waiting w = waiting.poll();
    if (w == null) {
      return;
    }
    busy = true;
    if (receiving == w) {
      receiving = null; // the rest of its body goes straight on
    }
    for (Object part : w.parts) {
      if (part instanceof HttpContent c) {
        waitingBytes -= c.content().readableBytes();
      }
      ctx.fireChannelRead(part);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    release();
    ctx.fireChannelInactive();
  }

  private void release() {
    for (Waiting w : waiting) {
      w.parts.forEach(ReferenceCountUtil::release);
    }
    waiting.clear();
    waitingBytes = 0;
    receiving = null;
  }
}
