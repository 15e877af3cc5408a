package dev.whirlwind.server.http;

import dev.whirlwind.protocol.config.HttpLimits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The four timeouts of one connection, with one timer armed for whichever deadline comes first:
 *
 * <ul>
 *   <li><b>header</b>: a fresh connection, or a request whose first byte arrived, must complete its
 *       request head within {@code headerTimeoutSeconds} (slowloris); a partial request is answered
 *       {@code 408}, a connection that sent nothing is closed;
 *   <li><b>idle</b>: a keep-alive connection with nothing asked is closed after {@code
 *       idleTimeoutSeconds};
 *   <li><b>body</b>: a request body must bring a byte at least every {@code
 *       bodyProgressTimeoutSeconds}; then {@code 408};
 *   <li><b>write</b>: an answer whose bytes wait in the socket's outbound buffer with no progress
 *       for {@code writeProgressTimeoutSeconds} (a client that reads nothing) is cut.
 * </ul>
 *
 * A handler still working on an answer (a transcoder asking the tracker, a pull-through waiting on
 * its origin) has nothing outbound and is never cut here; its own timeouts apply. Two handlers
 * share the state: {@link #bytes()} sits before the HTTP codec and sees raw bytes arrive, {@link
 * #messages()} sits after it and sees request heads, request ends and answers.
 */
public final class HttpTimeouts {
  private enum Inbound {
    WAITING,
    HEAD,
    BODY
  }

  private final long headerNanos;
  private final long idleNanos;
  private final long bodyNanos;
  private final long writeNanos;
  private final SurfaceCounters counters;

  private Inbound inbound = Inbound.WAITING;
  private boolean anyRequest;
  private long since = System.nanoTime();
  private long requestsReceived;
  private long answersStarted;
  private long answersDone;
  private long lastWriteProgress = System.nanoTime();
  private Object lastOutboundCurrent;
  private long lastOutboundProgress = -1;
  private long lastPendingBytes = -1;
  private ScheduledFuture<?> timer;
  private long timerAt;
  private ChannelHandlerContext messagesCtx;
  private boolean closed;

  public HttpTimeouts(HttpLimits limits, SurfaceCounters counters) {
    this.headerNanos = TimeUnit.SECONDS.toNanos(limits.headerTimeoutSeconds());
    this.idleNanos = TimeUnit.SECONDS.toNanos(limits.idleTimeoutSeconds());
    this.bodyNanos = TimeUnit.SECONDS.toNanos(limits.bodyProgressTimeoutSeconds());
    this.writeNanos = TimeUnit.SECONDS.toNanos(limits.writeProgressTimeoutSeconds());
    this.counters = counters;
  }

  /** The part before the codec: notes that bytes arrived. */
  public ChannelInboundHandlerAdapter bytes() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b && b.isReadable()) {
          long now = System.nanoTime();
          if (inbound == Inbound.WAITING) {
            inbound = Inbound.HEAD;
            since = now;
            rearm();
          } else if (inbound == Inbound.BODY) {
            since = now;
          }
        }
        ctx.fireChannelRead(msg);
      }
    };
  }

  /** The part after the codec: request heads and ends, answers and their progress. */
  public ChannelDuplexHandler messages() {
    return new ChannelDuplexHandler() {
      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        messagesCtx = ctx;
        if (ctx.channel().isActive()) {
          rearm();
        }
      }

      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        rearm();
        ctx.fireChannelActive();
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        if (timer != null) {
          timer.cancel(false);
          timer = null;
        }
        ctx.fireChannelInactive();
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long now = System.nanoTime();
        if (msg instanceof HttpRequest) {
          anyRequest = true;
          inbound = Inbound.BODY;
          since = now;
        }
        if (msg instanceof LastHttpContent) {
          inbound = Inbound.WAITING;
          requestsReceived++;
          since = now;
        }
        rearm();
        ctx.fireChannelRead(msg);
      }

      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse r && !informational(r)) {
          answersStarted++;
        }
        boolean last = msg instanceof LastHttpContent;
        ChannelPromise p = promise.unvoid();
        p.addListener(
            f -> {
              lastWriteProgress = System.nanoTime();
              if (last && f.isSuccess()) {
                answersDone++;
                since = lastWriteProgress;
                rearm();
              }
            });
        ctx.write(msg, p);
      }
    };
  }

  private static boolean informational(HttpResponse r) {
    return r.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL;
  }

  /** The nanoTime at which this connection is cut unless something happens first. */
  private long deadline() {
    if (answersDone < requestsReceived || answersStarted > answersDone) {
      return lastWriteProgress + writeNanos;
    }
    return switch (inbound) {
      case WAITING -> since + (anyRequest ? idleNanos : headerNanos);
      case HEAD -> since + headerNanos;
      case BODY -> since + bodyNanos;
    };
  }

  private void rearm() {
    ChannelHandlerContext ctx = messagesCtx;
    if (ctx == null || closed) {
      return;
    }
    long at = deadline();
    if (timer != null && timerAt <= at) {
      return; // it fires first and re-reads the deadline then
    }
    if (timer != null) {
      timer.cancel(false);
    }
    timerAt = at;
    timer =
        ctx.executor()
            .schedule(this::fire, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private void fire() {
    timer = null;
    ChannelHandlerContext ctx = messagesCtx;
    if (closed || ctx == null || !ctx.channel().isActive()) {
      return;
    }
    long now = System.nanoTime();
    boolean answering = answersDone < requestsReceived || answersStarted > answersDone;
    if (answering && outboundMoved(ctx)) {
      lastWriteProgress = now;
    }
    if (now < deadline()) {
      rearm();
      return;
    }
    if (answering) {
      counters.writeTimeouts.increment();
      ctx.close();
    } else if (inbound == Inbound.WAITING) {
      (anyRequest ? counters.idleTimeouts : counters.headerTimeouts).increment();
      ctx.close();
    } else {
      (inbound == Inbound.HEAD ? counters.headerTimeouts : counters.bodyTimeouts).increment();
      timedOut(ctx, inbound == Inbound.HEAD ? "request head" : "request body");
    }
  }

  /**
   * Whether the socket took bytes since the last look, or holds none: a handler still computing its
   * answer, or a shaper waiting for tokens, is not a stalled client.
   */
  private boolean outboundMoved(ChannelHandlerContext ctx) {
    ChannelOutboundBuffer buf = ctx.channel().unsafe().outboundBuffer();
    if (buf == null) {
      return true;
    }
    long pending = buf.totalPendingWriteBytes();
    Object current = buf.current();
    long progress = buf.currentProgress();
    boolean moved =
        pending == 0
            || pending != lastPendingBytes
            || current != lastOutboundCurrent
            || progress != lastOutboundProgress;
    lastPendingBytes = pending;
    lastOutboundCurrent = current;
    lastOutboundProgress = progress;
    return moved;
  }

  private void timedOut(ChannelHandlerContext ctx, String what) {
    if (answersStarted > requestsReceived) {
      ctx.close(); // this request was answered already; only the connection is left to cut
      return;
    }
    var r =
        Answers.error(
            HttpResponseStatus.REQUEST_TIMEOUT,
            "request_timeout",
            "the " + what + " did not arrive in time");
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.channel().config().setAutoRead(false);
    LingeringClose.after(ctx.writeAndFlush(r));
  }
}
