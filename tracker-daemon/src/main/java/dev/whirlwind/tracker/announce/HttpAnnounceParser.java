package dev.whirlwind.tracker.announce;

import dev.whirlwind.protocol.content.InfoHash;
import dev.whirlwind.tracker.swarm.Announce;
import dev.whirlwind.tracker.swarm.AnnounceEvent;
import dev.whirlwind.tracker.swarm.PeerAddress;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses HTTP announce and scrape queries (BEP 3, 23, 48). Percent-escapes are decoded to bytes as
 * ISO-8859-1, never UTF-8, so {@code info_hash} and {@code peer_id} keep their 20 raw bytes. The
 * client's {@code ip} parameter is ignored: the peer is the address the request came from.
 */
public final class HttpAnnounceParser {
  private final int defaultNumwant;
  private final int maxNumwant;
  private final int maxScrapeHashes;

  public HttpAnnounceParser(int defaultNumwant, int maxNumwant, int maxScrapeHashes) {
    this.defaultNumwant = defaultNumwant;
    this.maxNumwant = maxNumwant;
    this.maxScrapeHashes = maxScrapeHashes;
  }

  /** The query's parameters, or a rejection when the query cannot be decoded. */
  public static Map<String, List<String>> parameters(String uri) {
    try {
      return new QueryStringDecoder(uri, StandardCharsets.ISO_8859_1, true, 256).parameters();
    } catch (IllegalArgumentException e) {
      throw new AnnounceRejected("malformed query string: " + e.getMessage());
    }
  }

  public Announce announce(Map<String, List<String>> q, InetAddress from) {
    InfoHash infoHash = InfoHash.of(twenty(q, "info_hash"));
    byte[] peerId = twenty(q, "peer_id");
    long port = number(q, "port", -1);
    if (port < 1 || port > 65535) {
      throw new AnnounceRejected("port must be 1..65535");
    }
    long uploaded = number(q, "uploaded", 0);
    long downloaded = number(q, "downloaded", 0);
    long left = number(q, "left", -1);
    if (left < 0) {
      throw new AnnounceRejected("left is required and must be >= 0");
    }
    String event = single(q, "event");
    AnnounceEvent e =
        switch (event == null ? "" : event) {
          case "", "empty" -> AnnounceEvent.NONE;
          case "started" -> AnnounceEvent.STARTED;
          case "completed" -> AnnounceEvent.COMPLETED;
          case "stopped" -> AnnounceEvent.STOPPED;
          default -> throw new AnnounceRejected("unknown event '" + event + "'");
        };
    long numwant = number(q, "numwant", defaultNumwant);
    int wanted = (int) Math.max(0, Math.min(numwant < 0 ? defaultNumwant : numwant, maxNumwant));
    return new Announce(
        infoHash,
        peerId,
        PeerAddress.of(from, (int) port),
        uploaded,
        downloaded,
        left,
        e,
        single(q, "key"),
        wanted);
  }

  /** {@code compact=0} asks for the dictionary model; everything else gets compact peers. */
  public static boolean compact(Map<String, List<String>> q) {
    return !"0".equals(single(q, "compact"));
  }

  public static boolean noPeerId(Map<String, List<String>> q) {
    return "1".equals(single(q, "no_peer_id"));
  }

  public List<InfoHash> scrape(Map<String, List<String>> q) {
    List<String> values = q.getOrDefault("info_hash", List.of());
    if (values.isEmpty()) {
      throw new AnnounceRejected(
          "scrape needs at least one info_hash; full scrapes are not served");
    }
    if (values.size() > maxScrapeHashes) {
      throw new AnnounceRejected("at most " + maxScrapeHashes + " info_hash values per scrape");
    }
    List<InfoHash> hashes = new ArrayList<>();
    for (String v : values) {
      byte[] raw = v.getBytes(StandardCharsets.ISO_8859_1);
      if (raw.length != 20) {
        throw new AnnounceRejected("info_hash must be 20 bytes, got " + raw.length);
      }
      hashes.add(InfoHash.of(raw));
    }
    return hashes;
  }

  private static String single(Map<String, List<String>> q, String name) {
    List<String> v = q.get(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    if (v.size() > 1) {
      throw new AnnounceRejected(name + " given more than once");
    }
    return v.get(0);
  }

  private static byte[] twenty(Map<String, List<String>> q, String name) {
    String v = single(q, name);
    if (v == null) {
      throw new AnnounceRejected(name + " is required");
    }
    byte[] raw = v.getBytes(StandardCharsets.ISO_8859_1);
    if (raw.length != 20) {
      throw new AnnounceRejected(name + " must be 20 bytes, got " + raw.length);
    }
    return raw;
  }

  private static long number(Map<String, List<String>> q, String name, long absent) {
    String v = single(q, name);
    if (v == null || v.isEmpty()) {
      return absent;
    }
    try {
      long n = Long.parseLong(v);
      if (n < 0 && !name.equals("numwant")) {
        throw new AnnounceRejected(name + " must be >= 0, got " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new AnnounceRejected(name + " must be an integer, got '" + v + "'");
    }
  }
}
