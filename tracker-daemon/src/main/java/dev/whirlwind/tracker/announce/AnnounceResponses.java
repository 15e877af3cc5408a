package dev.whirlwind.tracker.announce;

import dev.whirlwind.protocol.bencode.Bencode;
import dev.whirlwind.protocol.content.InfoHash;
import dev.whirlwind.tracker.swarm.PeerAddress;
import dev.whirlwind.tracker.swarm.SwarmView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bencoded HTTP tracker responses. */
public final class AnnounceResponses {
  private final int intervalSeconds;
  private final int minIntervalSeconds;
  private final String trackerId;

  public AnnounceResponses(int intervalSeconds, int minIntervalSeconds, String trackerId) {
    this.intervalSeconds = intervalSeconds;
    this.minIntervalSeconds = minIntervalSeconds;
    this.trackerId = trackerId;
  }

  public static byte[] failure(String reason) {
    return Bencode.encode(Map.of("failure reason", reason));
  }

  /**
   * IPv4 peers go into {@code peers} and IPv6 peers into {@code peers6} (BEP 7); compact strings
   * (BEP 23) unless the client asked for the dictionary model.
   */
  public byte[] announce(SwarmView view, boolean compact, boolean noPeerId) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("interval", (long) intervalSeconds);
    r.put("min interval", (long) minIntervalSeconds);
    r.put("complete", (long) view.seeders());
    r.put("incomplete", (long) view.leechers());
    r.put("downloaded", view.completions());
    r.put("tracker id", trackerId);
    if (compact) {
      int v4 = 0;
      for (PeerAddress p : view.peers()) {
        v4 += p.isIpv4() ? 1 : 0;
      }
      byte[] peers = new byte[v4 * 6];
      byte[] peers6 = new byte[(view.peers().size() - v4) * 18];
      int o4 = 0;
      int o6 = 0;
      for (PeerAddress p : view.peers()) {
        if (p.isIpv4()) {
          o4 = p.writeCompact(peers, o4);
        } else {
          o6 = p.writeCompact(peers6, o6);
        }
      }
      r.put("peers", peers);
      if (peers6.length > 0) {
        r.put("peers6", peers6);
      }
    } else {
      List<Object> peers = new ArrayList<>();
      for (int i = 0; i < view.peers().size(); i++) {
        PeerAddress p = view.peers().get(i);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("ip", p.ipString());
        d.put("port", (long) p.port());
        if (!noPeerId) {
          d.put("peer id", view.peerIds().get(i));
        }
        peers.add(d);
      }
      r.put("peers", peers);
    }
    return Bencode.encode(r);
  }

  /** BEP 48: {@code files} keyed by the raw info-hash. */
  public static byte[] scrape(Map<InfoHash, long[]> counts) {
    Map<String, Object> files = new LinkedHashMap<>();
    counts.forEach(
        (hash, c) ->
            files.put(
                Bencode.latin1(hash.bytes()),
                Map.of("complete", c[0], "incomplete", c[1], "downloaded", c[2])));
    return Bencode.encode(Map.of("files", files));
  }
}
