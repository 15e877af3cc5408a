package dev.whirlwind.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.testing.Mutations;
import dev.whirlwind.tracker.TestConfigs;
import dev.whirlwind.tracker.TrackerDaemon;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeded mutations of BEP 15 packets with a valid connection id: the tracker answers on after. */
class UdpFuzzTest {
  @TempDir Path state;
  private TrackerDaemon daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void mutatedPacketsNeitherCrashNorStallTheTracker() throws Exception {
    daemon =
        TrackerDaemon.start(
            TestConfigs.tracker(state, "127.0.0.1", TestConfigs.freeUdpPort()), Clock.systemUTC());
    try (UdpTrackerTest.Client c = new UdpTrackerTest.Client(daemon.udpAddress())) {
      long id = c.connect(1);
      byte[] announce = UdpTrackerTest.announce(id, 2, (byte) 3, 6881, 100, 2);
      byte[] scrape =
          ByteBuffer.allocate(36).putLong(id).putInt(2).putInt(3).put(new byte[20]).array();
      Mutations m =
          new Mutations(
              41L,
              List.of(
                  new String(announce, StandardCharsets.ISO_8859_1),
                  new String(scrape, StandardCharsets.ISO_8859_1)));
      for (int i = 0; i < 3_000; i++) {
        c.send(m.next());
      }
      // The tracker still answers: the barrier's reply arrives among whatever came back.
      c.send(
          ByteBuffer.allocate(16)
              .putLong(UdpTrackerHandler.PROTOCOL_ID)
              .putInt(0)
              .putInt(0x5eed)
              .array());
      boolean answered = false;
      for (int i = 0; i < 10_000 && !answered; i++) {
        ByteBuffer r = c.receive();
        answered = r.remaining() == 16 && r.getInt() == 0 && r.getInt() == 0x5eed;
      }
      assertThat(answered).isTrue();
    }
  }
}
