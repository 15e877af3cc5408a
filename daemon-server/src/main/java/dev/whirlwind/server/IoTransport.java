package dev.whirlwind.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty transport a daemon runs on: the one asked for if this kernel and runtime have it, else
 * the next of io_uring, epoll, NIO. Container runtimes' default seccomp profiles block io_uring, so
 * a fallback is normal there, and the chosen transport is logged at start-up.
 */
public record IoTransport(
    String name,
    IoHandlerFactory ioHandlerFactory,
    Class<? extends ServerSocketChannel> serverChannel,
    Class<? extends DatagramChannel> datagramChannel) {
  private static final Logger LOG = LoggerFactory.getLogger(IoTransport.class);
  private static final List<String> ORDER = List.of("io_uring", "epoll", "nio");

  public static IoTransport select(String wanted) {
    int start = ORDER.indexOf(wanted);
    if (start < 0) {
      throw new IllegalArgumentException("unknown transport '" + wanted + "'; expected " + ORDER);
    }
    for (String name : ORDER.subList(start, ORDER.size())) {
      IoTransport t = ofIfAvailable(name);
      if (t != null) {
        if (!name.equals(wanted)) {
          LOG.warn("transport {} is unavailable here ({}); using {}", wanted, why(wanted), name);
        }
        return t;
      }
    }
    throw new IllegalStateException("no transport available");
  }

  private static IoTransport ofIfAvailable(String name) {
    return switch (name) {
      case "io_uring" ->
          IoUring.isAvailable()
              ? new IoTransport(
                  name,
                  IoUringIoHandler.newFactory(),
                  IoUringServerSocketChannel.class,
                  IoUringDatagramChannel.class)
              : null;
      case "epoll" ->
          Epoll.isAvailable()
              ? new IoTransport(
                  name,
                  EpollIoHandler.newFactory(),
                  EpollServerSocketChannel.class,
                  EpollDatagramChannel.class)
              : null;
      default ->
          new IoTransport(
              name,
              NioIoHandler.newFactory(),
              NioServerSocketChannel.class,
              NioDatagramChannel.class);
    };
  }

  private static String why(String name) {
    Throwable cause =
        switch (name) {
          case "io_uring" -> IoUring.unavailabilityCause();
          case "epoll" -> Epoll.unavailabilityCause();
          default -> null;
        };
    return cause == null ? "unknown reason" : cause.getMessage();
  }

  public EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(threads, ioHandlerFactory);
  }
}
