package dev.whirlwind.cache.serve;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelException;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.uring.IoUringChannelOption;

/**
 * TCP_CORK around a file body, as nginx's {@code tcp_nopush}: the kernel sends only full segments
 * until the body has been handed over. Without it, on loopback and fast links, the acknowledgements
 * of a reading client push the queued rest of a body out in window-sized pieces from the client's
 * CPU, which then carries the receive path of those bytes too. Epoll and io_uring have the option;
 * NIO does not, and goes without.
 */
final class SocketCork {
  private SocketCork() {}

  static void set(Channel channel, boolean on) {
    ChannelConfig config = channel.config();
    try {
      if (!config.setOption(EpollChannelOption.TCP_CORK, on)) {
        config.setOption(IoUringChannelOption.TCP_CORK, on);
      }
    } catch (ChannelException e) {
      // The socket is closing; the transfer ends on channelInactive.
    }
  }
}
