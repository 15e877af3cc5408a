package dev.whirlwind.tracker.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whirlwind.tracker.swarm.Announce;
import dev.whirlwind.tracker.swarm.AnnounceEvent;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpAnnounceParserTest {
  private final HttpAnnounceParser parser = new HttpAnnounceParser(50, 200, 64);

  /** Percent-encodes every byte, as libtorrent does for non-alphanumerics. */
  static String encode(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append('%').append(String.format("%02X", b & 0xff));
    }
    return sb.toString();
  }

  private Announce parse(String query) throws Exception {
    return parser.announce(
        HttpAnnounceParser.parameters("/announce?" + query), InetAddress.getByName("192.0.2.7"));
  }

  @Test
  void infoHashAndPeerIdKeepTheirRawBytes() throws Exception {
    byte[] hash = HexFormat.of().parseHex("ff00e9c3a8802b2f3a7e41ff80c0fefdfcfb0001");
    byte[] id =
        "-lt2080-\u00e9\u00ff\u0080abcdefghi"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Announce a =
        parse(
            "info_hash="
                + encode(hash)
                + "&peer_id="
                + encode(id)
                + "&port=51413&uploaded=1&downloaded=2&left=3&event=started&numwant=500&key=abc"
                + "&ip=203.0.113.9");
    assertThat(a.infoHash().bytes()).isEqualTo(hash);
    assertThat(a.peerId()).isEqualTo(id);
    assertThat(a.event()).isEqualTo(AnnounceEvent.STARTED);
    assertThat(a.numwant()).isEqualTo(200);
    assertThat(a.key()).isEqualTo("abc");
    // The ip parameter is ignored: the peer is the request's source.
    assertThat(a.address().ipString()).isEqualTo("192.0.2.7");
    assertThat(a.address().port()).isEqualTo(51413);
  }

  @Test
  void unreservedCharactersMayStayUnencoded() throws Exception {
    Announce a = parse("info_hash=abcdefghij0123456789&peer_id=ABCDEFGHIJKLMNOPQRST&port=1&left=0");
    assertThat(new String(a.infoHash().bytes())).isEqualTo("abcdefghij0123456789");
    assertThat(a.numwant()).isEqualTo(50);
  }

  @Test
  void eachMalformedFieldIsNamed() {
    String ok = "info_hash=abcdefghij0123456789&peer_id=ABCDEFGHIJKLMNOPQRST";
    assertThatThrownBy(() -> parse(ok + "&left=0")).hasMessageContaining("port");
    assertThatThrownBy(() -> parse(ok + "&port=70000&left=0")).hasMessageContaining("port");
    assertThatThrownBy(() -> parse(ok + "&port=1")).hasMessageContaining("left");
    assertThatThrownBy(() -> parse(ok + "&port=1&left=x"))
        .hasMessageContaining("left must be an integer");
    assertThatThrownBy(() -> parse(ok + "&port=1&left=0&uploaded=-5"))
        .hasMessageContaining("uploaded");
    assertThatThrownBy(() -> parse(ok + "&port=1&left=0&event=paused"))
        .hasMessageContaining("event");
    assertThatThrownBy(() -> parse("peer_id=ABCDEFGHIJKLMNOPQRST&port=1&left=0"))
        .hasMessageContaining("info_hash is required");
    assertThatThrownBy(() -> parse("info_hash=short&peer_id=ABCDEFGHIJKLMNOPQRST&port=1&left=0"))
        .hasMessageContaining("info_hash must be 20 bytes");
    assertThatThrownBy(() -> parse(ok + "&port=1&port=2&left=0"))
        .hasMessageContaining("more than once");
    assertThatThrownBy(() -> parse("info_hash=%G1")).isInstanceOf(AnnounceRejected.class);
  }

  @Test
  void scrapeNeedsHashesAndCapsThem() {
    assertThatThrownBy(() -> parser.scrape(HttpAnnounceParser.parameters("/scrape")))
        .hasMessageContaining("full scrapes");
    String many = "info_hash=abcdefghij0123456789&".repeat(65);
    assertThatThrownBy(() -> parser.scrape(HttpAnnounceParser.parameters("/scrape?" + many)))
        .hasMessageContaining("at most 64");
    assertThat(
            parser.scrape(HttpAnnounceParser.parameters("/scrape?info_hash=abcdefghij0123456789")))
        .hasSize(1);
  }

  /** Seeded random mutations of a valid query: parsed or rejected, never another exception. */
  @Test
  void mutatedQueriesAreParsedOrRejected() throws Exception {
    String base =
        "info_hash=%FF%00%E9%C3%A8%80%2B%2F%3A%7E%41%FF%80%C0%FE%FD%FC%FB%00%01"
            + "&peer_id=-lt2080-abcdefghijkl&port=51413&uploaded=1&downloaded=2&left=3"
            + "&event=started&numwant=20&key=abc&compact=1";
    Random random = new Random(42);
    String alphabet = "%&=0123456789ABCDEFabcdef+-_.~ #?\u00ff";
    int parsed = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder q = new StringBuilder(base);
      for (int m = 0; m < 1 + random.nextInt(3); m++) {
        int at = random.nextInt(q.length());
        switch (random.nextInt(3)) {
          case 0 -> q.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> q.deleteCharAt(at);
          default -> q.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      try {
        parse(q.toString());
        parsed++;
      } catch (AnnounceRejected expected) {
        // A failure reason for the client.
      }
    }
    assertThat(parsed).isPositive();
  }
}
