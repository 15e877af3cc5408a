package dev.whirlwind.tracker.http;

import dev.whirlwind.protocol.bencode.Bencode;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.content.TorrentInfo;
import dev.whirlwind.protocol.tracker.Shards;
import dev.whirlwind.tracker.content.ContentEntry;
import dev.whirlwind.tracker.source.Audience;
import dev.whirlwind.tracker.source.Source;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client gets to download a content: a {@code .torrent} whose {@code url-list} names our
 * caches (BEP 19), and a Metalink 4 document (RFC 5854) with caches and mirrors, the SHA-256, the
 * piece hashes and the torrent. Any BitTorrent or Metalink client is thereby a P2SP client.
 */
public final class ClientDocuments {
  public static final String GENERATOR = "Whirlwind/0.1.0";
  private final List<String> shardUrls;
  private final List<String> clientShardUrls;
  private final int shardIndex;
  private final int udpPort;

  /**
   * @param clientShardUrls every shard's URL as clients of the client port get it; empty when they
   *     use {@code shardUrls}
   * @param udpPort the UDP tracker's port on every shard, or 0 when shards serve HTTP only
   */
  public ClientDocuments(
      List<String> shardUrls, List<String> clientShardUrls, int shardIndex, int udpPort) {
    this.shardUrls = List.copyOf(shardUrls);
    this.clientShardUrls =
        clientShardUrls == null || clientShardUrls.isEmpty()
            ? this.shardUrls
            : List.copyOf(clientShardUrls);
    this.shardIndex = shardIndex;
    this.udpPort = udpPort;
  }

  private List<String> shards(Audience who) {
    return who == Audience.CLIENTS ? clientShardUrls : shardUrls;
  }

  /**
   * BEP 12 tiers: the owning shard's UDP tracker first (BEP 15: a fraction of HTTP's cost per
   * announce), its HTTP tracker as the fallback tier for networks that drop UDP.
   */
  public List<List<String>> announceTiers(ContentId id, Audience who) {
    String http = announceUrl(id, who);
    if (udpPort <= 0) {
      return List.of(List.of(http));
    }
    List<String> shards = shards(who);
    java.net.URI u = java.net.URI.create(strip(shards.get(Shards.of(id, shards.size()))));
    String host = u.getHost(); // URI keeps an IPv6 literal in brackets
    return List.of(List.of("udp://" + host + ":" + udpPort + "/announce"), List.of(http));
  }

  /** The announce URL of the shard that owns the content. */
  public String announceUrl(ContentId id, Audience who) {
    List<String> shards = shards(who);
    return strip(shards.get(Shards.of(id, shards.size()))) + "/announce";
  }

  /**
   * The torrent: the canonical info dictionary, the owning shard's announce URL and the caches as
   * web seeds, all as {@code who} reaches them. Mirrors stay out: a torrent's url-list is frozen
   * once a client has it.
   */
  public byte[] torrent(ContentEntry entry, List<Source> caches, Audience who) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("announce", announceUrl(entry.info().contentId(), who));
    List<List<String>> tiers = announceTiers(entry.info().contentId(), who);
    if (tiers.size() > 1) {
      t.put("announce-list", tiers);
    }
    t.put("created by", GENERATOR);
    t.put("info", entry.info().dictionary());
    if (!caches.isEmpty()) {
      List<Object> urls = new ArrayList<>();
      for (Source s : caches) {
        urls.add(s.url());
      }
      t.put("url-list", urls);
    }
    return Bencode.encode(t);
  }

  /**
   * Metalink 4, its sources and this shard's torrent link as {@code who} reaches them: caches
   * first, then mirrors; priority 1 is preferred.
   */
  public String metalink(
      ContentEntry entry, List<Source> caches, List<Source> mirrors, Audience who) {
    TorrentInfo info = entry.info();
    StringBuilder x = new StringBuilder();
    x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\">\n")
        .append("  <generator>")
        .append(GENERATOR)
        .append("</generator>\n")
        .append("  <file name=\"")
        .append(xml(info.name()))
        .append("\">\n")
        .append("    <size>")
        .append(info.length())
        .append("</size>\n")
        .append("    <hash type=\"sha-256\">")
        .append(info.contentId().hex())
        .append("</hash>\n");
    if (info.length() > 0) {
      x.append("    <pieces length=\"").append(info.pieceLength()).append("\" type=\"sha-1\">\n");
      int count = (int) TorrentInfo.pieceCount(info.length());
      for (int i = 0; i < count; i++) {
        x.append("      <hash>")
            .append(HexFormat.of().formatHex(info.pieceHash(i)))
            .append("</hash>\n");
      }
      x.append("    </pieces>\n");
    }
    int priority = 1;
    for (Source s : caches) {
      x.append("    <url priority=\"")
          .append(priority++)
          .append("\">")
          .append(xml(s.url()))
          .append("</url>\n");
    }
    for (Source s : mirrors) {
      x.append("    <url priority=\"")
          .append(priority++)
          .append("\">")
          .append(xml(s.url()))
          .append("</url>\n");
    }
    x.append("    <metaurl mediatype=\"torrent\" priority=\"")
        .append(priority)
        .append("\">")
        .append(
            xml(
                strip(shards(who).get(shardIndex))
                    + "/v1/contents/"
                    + info.contentId().hex()
                    + ".torrent"))
        .append("</metaurl>\n")
        .append("  </file>\n")
        .append("</metalink>\n");
    return x.toString();
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
