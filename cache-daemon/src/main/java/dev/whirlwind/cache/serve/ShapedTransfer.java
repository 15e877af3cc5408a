package dev.whirlwind.cache.serve;

import dev.whirlwind.cache.shaping.TokenBucket;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One response body sent in zero-copy slices of 64 KiB-1 MiB, each gated on the content's and the
 * node's token bucket, driven by channel writability and a timer; a whole-file region would leave
 * in one burst. Runs on the channel's event loop and never blocks it. While it runs, the connection
 * reads no further request, so pipelined responses cannot interleave.
 */
final class ShapedTransfer {
  static final AttributeKey<ShapedTransfer> KEY = AttributeKey.valueOf("whirlwind.transfer");
  static final long MIN_SLICE = 64 * 1024;
  static final long MAX_SLICE = 1024 * 1024;

  /** Flush at least this often, so small slices do not sit in the outbound buffer. */
  static final long FLUSH_BYTES = 512 * 1024;

  private final ChannelHandlerContext ctx;
  private final FileChannel file;
  // Ends this transfer's use of the file (a shared descriptor's lease, or closing its own);
  // both may run twice (finished, then the connection closes).
  private final Runnable release;
  private final List<ByteRanges.Range> ranges;
  private final MultipartRanges multipart;
  private final TokenBucket content;
  private final TokenBucket node;
  private final boolean keepAlive;
  private final java.util.function.LongConsumer onDone;
  private final java.util.function.LongConsumer onBytes;
  private final java.util.function.LongConsumer onDelay;
  private final Growth growth;
  private final long slice;
  private int range;
  private long position;
  private boolean headerWritten;
  private boolean scheduled;
  private boolean finished;
  private long unflushed;
  private boolean corked;
  // Bytes the socket took (write completed): what was served, as opposed to what was queued.
  private long sent;

  ShapedTransfer(
      ChannelHandlerContext ctx,
      FileChannel file,
      Runnable release,
      List<ByteRanges.Range> ranges,
      MultipartRanges multipart,
      TokenBucket content,
      TokenBucket node,
      boolean keepAlive,
      java.util.function.LongConsumer onBytes,
      java.util.function.LongConsumer onDelay,
      Growth growth,
      java.util.function.LongConsumer onDone) {
    this.growth = growth;
    this.onDelay = onDelay;
    this.onBytes = onBytes;
    this.onDone = onDone;
    this.ctx = ctx;
    this.file = file;
    this.release = release;
    this.ranges = ranges;
    this.multipart = multipart;
    this.content = content;
    this.node = node;
    this.keepAlive = keepAlive;
    // About 1/16 s of the share per slice, within 64 KiB-1 MiB.
    this.slice = Math.max(MIN_SLICE, Math.min(MAX_SLICE, content.rateBytesPerSecond() / 16));
    this.position = ranges.isEmpty() ? 0 : ranges.get(0).first();
  }

  /** A body whose file is still being written: only bytes below {@link #available()} are sent. */
  interface Growth {
    /** Bytes from the start of the file that may be sent. */
    long available();

    /** Whether the file will grow no more although it is not whole. */
    boolean failed();

    /** Calls {@code wake} once (from any thread) when available() exceeds seen or it failed. */
    void onceGrown(long seen, Runnable wake);
  }

  void start() {
    ctx.channel().attr(KEY).set(this);
    ctx.channel().config().setAutoRead(false);
    cork(true);
    pump();
  }

  /** Sends what the buckets and the socket allow, then waits for a timer or writability. */
  void pump() {
    scheduled = false;
    while (!finished) {
      if (range >= ranges.size()) {
        finish();
        return;
      }
      if (!ctx.channel().isWritable()) {
        flush();
        return; // channelWritabilityChanged resumes
      }
      ByteRanges.Range r = ranges.get(range);
      if (multipart != null && !headerWritten) {
        ctx.write(Unpooled.wrappedBuffer(multipart.partHeaders.get(range)));
        headerWritten = true;
      }
      long n = Math.min(slice, r.last() + 1 - position);
      if (growth != null) {
        long available = growth.available();
        if (position >= available) {
          if (growth.failed()) {
            // A body cut short is all HTTP allows once the head is out: close, the client retries.
            abort();
            ctx.close();
            return;
          }
          flush();
          cork(false);
          scheduled = true;
          growth.onceGrown(available, () -> ctx.executor().execute(this::pump));
          return;
        }
        n = Math.min(n, available - position);
      }
      long wait = content.tryTake(n);
      if (wait == 0) {
        wait = node.tryTake(n);
      }
      if (wait > 0) {
        flush();
        cork(false);
        scheduled = true;
        long delay = Math.max(wait, 1_000_000L);
        onDelay.accept(delay);
        ctx.executor().schedule(this::pump, delay, TimeUnit.NANOSECONDS);
        return;
      }
      cork(true);
      long sliceBytes = n;
      ctx.write(
              new DefaultFileRegion(file, position, n) {
                @Override
                protected void deallocate() {
                  // The file belongs to the transfer, released once at the end.
                }
              })
          .addListener(
              f -> {
                if (f.isSuccess()) {
                  // Counted once the socket took it: a client that reads nothing is served
                  // nothing, and its queued slices hold its connection unwritable instead.
                  sent += sliceBytes;
                  onBytes.accept(sliceBytes);
                }
              });
      unflushed += n;
      if (unflushed >= FLUSH_BYTES) {
        flush();
      }
      position += n;
      if (position > r.last()) {
        range++;
        headerWritten = false;
        if (range < ranges.size()) {
          position = ranges.get(range).first();
        }
      }
    }
  }

  void writabilityChanged() {
    if (!finished && !scheduled && ctx.channel().isWritable()) {
      pump();
    }
  }

  /** Corked while slices follow each other; uncorked whenever the body pauses or ends. */
  private void cork(boolean on) {
    if (corked != on) {
      corked = on;
      SocketCork.set(ctx.channel(), on);
    }
  }

  private void flush() {
    if (unflushed > 0 || multipart != null) {
      ctx.flush();
      unflushed = 0;
    }
  }

  private void finish() {
    finished = true;
    if (multipart != null) {
      ctx.write(Unpooled.wrappedBuffer(multipart.closing));
    }
    ChannelFuture done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    done.addListener(
        f -> {
          cork(false);
          close();
          onDone.accept(sent);
        });
    if (keepAlive) {
      done.addListener(
          f -> {
            ctx.channel().attr(KEY).set(null);
            ctx.channel().config().setAutoRead(true);
          });
    } else {
      done.addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** The connection went away: stop and release the file. */
  void abort() {
    if (!finished) {
      finished = true;
      onDone.accept(sent);
    }
    close();
  }

  private void close() {
    release.run();
  }
}
