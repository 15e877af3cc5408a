package dev.whirlwind.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;

class IoTransportTest {
  @Test
  void selectsWhatIsAskedForOrTheNextAvailableOne() {
    IoTransport uring = IoTransport.select("io_uring");
    assertThat(uring.name())
        .isEqualTo(IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio");
    IoTransport epoll = IoTransport.select("epoll");
    assertThat(epoll.name()).isEqualTo(Epoll.isAvailable() ? "epoll" : "nio");
    assertThat(IoTransport.select("nio").name()).isEqualTo("nio");
  }

  @Test
  void everyTransportStartsAndStopsAnEventLoop() {
    for (String name : new String[] {"io_uring", "epoll", "nio"}) {
      var group = IoTransport.select(name).newGroup(1);
      assertThat(group.next()).isNotNull();
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void anUnknownTransportIsRefused() {
    assertThatThrownBy(() -> IoTransport.select("dpdk")).hasMessageContaining("dpdk");
  }
}
