package dev.whirlwind.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after an answer given before the request was read to its end (413, 401 or 503
 * to an upload still streaming in). Closing at once would reset the connection while the client
 * still sends, and a reset can destroy the answer before the client reads it; so, like nginx's
 * lingering close, the output is shut down after the answer, what the client still sends is read
 * and dropped, and the connection closes when the client stops, after {@value #MAX_BYTES} bytes, or
 * after {@value #MAX_MILLIS} ms, whichever comes first.
 */
public final class LingeringClose {
  static final long MAX_BYTES = 16L << 20;
  static final long MAX_MILLIS = 2000;

  private LingeringClose() {}

  /** Lingers once {@code answered} is written; the channel's own reads stop reaching handlers. */
  public static void after(ChannelFuture answered) {
    Channel ch = answered.channel();
    answered.addListener(
        f -> {
          if (!ch.isActive()) {
            return;
          }
          if (!(ch instanceof DuplexChannel duplex) || ch.pipeline().get("linger") != null) {
            ch.close();
            return;
          }
          ch.pipeline().addFirst("linger", new Discard());
          ch.eventLoop().schedule(() -> ch.close(), MAX_MILLIS, TimeUnit.MILLISECONDS);
          duplex.shutdownOutput();
          ch.config().setAutoRead(true);
          ch.read();
        });
  }

  /** Drops what the client still sends; closes at the byte bound or when it stops sending. */
  private static final class Discard extends ChannelInboundHandlerAdapter {
    private long bytes;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof io.netty.buffer.ByteBuf b) {
        bytes += b.readableBytes();
      }
      ReferenceCountUtil.release(msg);
      if (bytes > MAX_BYTES) {
        ctx.close();
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent) {
        ctx.close();
      }
      ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
