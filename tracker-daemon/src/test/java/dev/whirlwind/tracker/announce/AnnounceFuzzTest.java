package dev.whirlwind.tracker.announce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.testing.Mutations;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seeded mutations of announce and scrape queries: parsed, or refused with a reason. */
class AnnounceFuzzTest {
  @Test
  void mutatedQueriesParseOrAreRejectedWithAReason() throws Exception {
    HttpAnnounceParser parser = new HttpAnnounceParser(50, 200, 64);
    String hash = "%12%34%56%78%9a%bc%de%f1%23%45%67%89%ab%cd%ef%12%34%56%78%9a";
    Mutations m =
        new Mutations(
            7L,
            List.of(
                "/announce?info_hash="
                    + hash
                    + "&peer_id=-qB4500-abcdefghijkl&port=6881&uploaded=0&downloaded=0&left=100"
                    + "&event=started&compact=1&numwant=50&key=abc",
                "/scrape?info_hash=" + hash + "&info_hash=" + hash));
    InetAddress from = InetAddress.getByName("10.1.2.3");
    int parsed = 0;
    for (int i = 0; i < 5_000; i++) {
      String uri = m.nextString();
      try {
        var params = HttpAnnounceParser.parameters(uri);
        if (uri.startsWith("/scrape")) {
          parser.scrape(params);
        } else {
          parser.announce(params, from);
        }
        parsed++;
      } catch (AnnounceRejected rejected) {
        assertThat(rejected.getMessage()).isNotBlank();
      }
    }
    assertThat(parsed).isPositive();
  }
}
