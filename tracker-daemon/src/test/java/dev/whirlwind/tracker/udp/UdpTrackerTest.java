package dev.whirlwind.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.tracker.TestConfigs;
import dev.whirlwind.tracker.TrackerDaemon;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UDP tracker (BEP 15) in-process on loopback. "No reply" is proven without waiting for a
 * timeout: after the packet that must be ignored the test sends a valid connect, and the first
 * datagram to come back must be that connect's reply.
 */
class UdpTrackerTest {
  @TempDir Path state;
  private TrackerDaemon daemon;

  private TrackerDaemon start() throws Exception {
    return TrackerDaemon.start(
        TestConfigs.tracker(state, "127.0.0.1", TestConfigs.freeUdpPort()), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  static final class Client implements AutoCloseable {
    final DatagramSocket socket;
    final InetSocketAddress tracker;

    Client(InetSocketAddress tracker) throws Exception {
      this(tracker, "127.0.0.1");
    }

    Client(InetSocketAddress tracker, String ip) throws Exception {
      this.socket = new DatagramSocket(0, InetAddress.getByName(ip));
      this.socket.setSoTimeout(5000);
      this.tracker = tracker;
    }

    void send(byte[] data) throws Exception {
      socket.send(new DatagramPacket(data, data.length, tracker));
    }

    ByteBuffer receive() throws Exception {
      byte[] buf = new byte[2048];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      socket.receive(p);
      return ByteBuffer.wrap(Arrays.copyOf(buf, p.getLength()));
    }

    long connect(int tid) throws Exception {
      send(
          ByteBuffer.allocate(16)
              .putLong(UdpTrackerHandler.PROTOCOL_ID)
              .putInt(0)
              .putInt(tid)
              .array());
      ByteBuffer r = receive();
      assertThat(r.remaining()).isEqualTo(16);
      assertThat(r.getInt()).isEqualTo(0);
      assertThat(r.getInt()).isEqualTo(tid);
      return r.getLong();
    }

    /** Sends a connect as a barrier and asserts that its reply is the next datagram. */
    void assertNothingPending() throws Exception {
      connect(0x5eed);
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  static byte[] announce(long connectionId, int tid, byte hash, int port, long left, int event) {
    ByteBuffer b = ByteBuffer.allocate(98);
    b.putLong(connectionId).putInt(1).putInt(tid);
    byte[] h = new byte[20];
    Arrays.fill(h, hash);
    b.put(h);
    byte[] id = new byte[20];
    Arrays.fill(id, (byte) port);
    b.put(id);
    b.putLong(0)
        .putLong(left)
        .putLong(0)
        .putInt(event)
        .putInt(0)
        .putInt(7)
        .putInt(-1)
        .putShort((short) port);
    return b.array();
  }

  @Test
  void connectAnnounceAndScrape() throws Exception {
    daemon = start();
    try (Client seeder = new Client(daemon.udpAddress());
        Client leecher = new Client(daemon.udpAddress())) {
      long cs = seeder.connect(1);
      seeder.send(announce(cs, 2, (byte) 9, 6881, 0, 2));
      ByteBuffer r = seeder.receive();
      assertThat(r.getInt()).isEqualTo(1);
      assertThat(r.getInt()).isEqualTo(2);
      assertThat(r.getInt()).isEqualTo(300);

      long cl = leecher.connect(3);
      leecher.send(announce(cl, 4, (byte) 9, 6882, 100, 2));
      r = leecher.receive();
      assertThat(r.getInt()).isEqualTo(1);
      assertThat(r.getInt()).isEqualTo(4);
      r.getInt();
      assertThat(r.getInt()).as("leechers").isEqualTo(1);
      assertThat(r.getInt()).as("seeders").isEqualTo(1);
      assertThat(r.remaining()).isEqualTo(6);
      byte[] ip = new byte[4];
      r.get(ip);
      assertThat(ip).containsExactly(127, 0, 0, 1);
      assertThat(Short.toUnsignedInt(r.getShort())).isEqualTo(6881);

      byte[] scrape =
          ByteBuffer.allocate(16 + 20).putLong(cl).putInt(2).putInt(5).put(new byte[20]).array();
      Arrays.fill(scrape, 16, 36, (byte) 9);
      leecher.send(scrape);
      r = leecher.receive();
      assertThat(r.getInt()).isEqualTo(2);
      assertThat(r.getInt()).isEqualTo(5);
      assertThat(r.getInt()).as("seeders").isEqualTo(1);
      assertThat(r.getInt()).as("completed").isZero();
      assertThat(r.getInt()).as("leechers").isEqualTo(1);
    }
  }

  @Test
  void unconnectedOrForeignConnectionIdsAreDroppedSilently() throws Exception {
    daemon = start();
    try (Client a = new Client(daemon.udpAddress());
        Client sameHost = new Client(daemon.udpAddress());
        Client b = new Client(daemon.udpAddress(), "127.0.0.2")) {
      long issuedToA = a.connect(1);
      // Another socket of the same host may use the id (libtorrent announces from another port).
      sameHost.send(announce(issuedToA, 9, (byte) 1, 1, 0, 0));
      assertThat(sameHost.receive().getInt()).isEqualTo(1);
      // b presents a's connection id from another address: no answer, not even an error.
      b.send(announce(issuedToA, 2, (byte) 1, 1, 0, 0));
      b.assertNothingPending();
      // A made-up id.
      b.send(announce(12345L, 3, (byte) 1, 1, 0, 0));
      b.assertNothingPending();
      // A connect without the protocol magic.
      b.send(ByteBuffer.allocate(16).putLong(42L).putInt(0).putInt(9).array());
      b.assertNothingPending();
      // Too short to carry a transaction id.
      b.send(new byte[] {1, 2, 3});
      b.assertNothingPending();
    }
  }

  @Test
  void connectedClientsGetErrorsWithTheirTransactionId() throws Exception {
    daemon = start();
    try (Client c = new Client(daemon.udpAddress())) {
      long id = c.connect(1);
      c.send(Arrays.copyOf(announce(id, 77, (byte) 1, 1, 0, 0), 60));
      ByteBuffer r = c.receive();
      assertThat(r.getInt()).isEqualTo(3);
      assertThat(r.getInt()).isEqualTo(77);
      assertThat(StandardCharsets.UTF_8.decode(r).toString()).contains("98");
      c.send(ByteBuffer.allocate(16).putLong(id).putInt(9).putInt(78).array());
      r = c.receive();
      assertThat(r.getInt()).isEqualTo(3);
      assertThat(r.getInt()).isEqualTo(78);
    }
  }

  @Test
  void connectionIdsSurviveARestart() throws Exception {
    daemon = start();
    InetSocketAddress address = daemon.udpAddress();
    try (Client c = new Client(address)) {
      long id = c.connect(1);
      daemon.close();
      daemon = restartOn(address.getPort());
      c.send(announce(id, 2, (byte) 3, 1, 0, 0));
      ByteBuffer r = c.receive();
      assertThat(r.getInt()).isEqualTo(1);
      assertThat(r.getInt()).isEqualTo(2);
    }
  }

  private TrackerDaemon restartOn(int udpPort) throws Exception {
    return TrackerDaemon.start(TestConfigs.tracker(state, "127.0.0.1", udpPort), Clock.systemUTC());
  }

  /**
   * Seeded random datagrams from an unconnected source: the tracker answers none of them (no
   * reflection), and keeps serving.
   */
  @Test
  void randomDatagramsFromAnUnconnectedSourceGetNoAnswer() throws Exception {
    daemon = start();
    Random random = new Random(7);
    try (Client c = new Client(daemon.udpAddress())) {
      for (int i = 0; i < 2000; i++) {
        byte[] junk = new byte[random.nextInt(120)];
        random.nextBytes(junk);
        if (junk.length >= 16 && random.nextBoolean()) {
          // Valid-looking headers with every action.
          ByteBuffer.wrap(junk).putLong(random.nextLong()).putInt(random.nextInt(4));
        }
        c.send(junk);
        if (i % 100 == 99) {
          c.assertNothingPending();
        }
      }
      c.assertNothingPending();
    }
  }
}
