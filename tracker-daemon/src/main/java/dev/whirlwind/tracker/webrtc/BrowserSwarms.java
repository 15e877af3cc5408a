package dev.whirlwind.tracker.webrtc;

import dev.whirlwind.protocol.tracker.SwarmReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every browser swarm, by info-hash, bounded in swarms and in peers across them. A peer is one
 * connection; it leaves its swarms when it says {@code stopped}, when it closes, or when it misses
 * its announces.
 */
final class BrowserSwarms {
  private final ConcurrentHashMap<String, BrowserSwarm> swarms = new ConcurrentHashMap<>();
  private final AtomicInteger peers = new AtomicInteger();
  private final int maxSwarms;
  private final int maxPeers;
  final LongAdder offersRelayed = new LongAdder();
  final LongAdder answersRelayed = new LongAdder();
  final LongAdder relaysDropped = new LongAdder();

  BrowserSwarms(int maxSwarms, int maxPeers) {
    this.maxSwarms = maxSwarms;
    this.maxPeers = maxPeers;
  }

  /** Adds or refreshes the peer in its swarm; refused past the bounds, or for a stolen id. */
  BrowserSwarm.Joined announce(BrowserPeer peer, WsMessage.Announce a, int offerTargets, long now)
      throws WsRejected {
    String ih = a.infoHash();
    while (true) {
      BrowserSwarm swarm = swarms.get(ih);
      if (swarm == null) {
        if (swarms.size() >= maxSwarms) {
          throw new WsRejected(
              "the tracker follows its maximum of " + maxSwarms + " browser swarms", ih);
        }
        swarm = swarms.computeIfAbsent(ih, k -> new BrowserSwarm(peer.contentId(), now));
      }
      BrowserSwarm.Member existing = swarm.member(a.peerId());
      if (existing != null && existing.peer != peer) {
        throw new WsRejected("peer_id is in use by another connection", ih);
      }
      if (existing == null) {
        if (!peer.mayJoin(ih)) {
          throw new WsRejected(
              "this connection is in " + peer.swarms().size() + " swarms, the most it may", ih);
        }
        if (peers.get() >= maxPeers) {
          throw new WsRejected(
              "the tracker holds its maximum of " + maxPeers + " browser peers", ih);
        }
      }
      BrowserSwarm.Joined joined = swarm.announce(peer, a, offerTargets, now);
      if (joined == null) {
        // Retired by the sweep, or the id taken, between the lookup and the announce.
        if (swarm.isRetired()) {
          swarms.remove(ih, swarm);
        }
        continue;
      }
      if (joined.added()) {
        peers.incrementAndGet();
        peer.swarms().add(ih);
      }
      return joined;
    }
  }

  /** The peer says {@code stopped}: it leaves the swarm. Returns the swarm's counts after. */
  int[] stop(BrowserPeer peer, String infoHash) {
    BrowserSwarm swarm = swarms.get(infoHash);
    if (swarm == null) {
      return new int[] {0, 0};
    }
    if (swarm.leave(peer.peerId(), peer)) {
      peers.decrementAndGet();
      peer.swarms().remove(infoHash);
    }
    return new int[] {swarm.complete(), swarm.incomplete()};
  }

  /** The connection closed: it leaves every swarm it joined. */
  void closed(BrowserPeer peer) {
    if (peer.peerId() == null) {
      return;
    }
    for (String ih : List.copyOf(peer.swarms())) {
      BrowserSwarm swarm = swarms.get(ih);
      if (swarm != null && swarm.leave(peer.peerId(), peer)) {
        peers.decrementAndGet();
      }
    }
    peer.swarms().clear();
  }

  BrowserSwarm swarm(String infoHash) {
    return swarms.get(infoHash);
  }

  /**
   * Drops peers silent since {@code before} and the swarms left empty; returns how many peers went.
   * Each expired peer's own loop forgets the swarm, since only that loop touches its set.
   */
  int sweep(long before, long now) {
    int gone = 0;
    for (Map.Entry<String, BrowserSwarm> e : swarms.entrySet()) {
      String ih = e.getKey();
      e.getValue().sample(now);
      for (Map.Entry<String, BrowserPeer> p : e.getValue().expire(before)) {
        peers.decrementAndGet();
        gone++;
        BrowserPeer peer = p.getValue();
        peer.channel().eventLoop().execute(() -> peer.swarms().remove(ih));
      }
      if (e.getValue().retireIfEmpty()) {
        swarms.remove(ih, e.getValue());
      }
    }
    return gone;
  }

  /**
   * The {@code limit} largest swarms, as {@code /v1/swarms} lists swarms: chosen with a bounded
   * heap, so a listing costs O(limit) memory whatever the number of swarms.
   */
  List<SwarmReport> report(int limit) {
    if (limit <= 0) {
      return List.of();
    }
    record Sized(String infoHash, BrowserSwarm swarm, int size) {}
    PriorityQueue<Sized> largest = new PriorityQueue<>(Comparator.comparingInt(Sized::size));
    for (Map.Entry<String, BrowserSwarm> e : swarms.entrySet()) {
      int size = e.getValue().size();
      if (largest.size() < limit) {
        largest.add(new Sized(e.getKey(), e.getValue(), size));
      } else if (size > largest.peek().size()) {
        largest.poll();
        largest.add(new Sized(e.getKey(), e.getValue(), size));
      }
    }
    List<Sized> chosen = new ArrayList<>(largest);
    chosen.sort(Comparator.comparingInt((Sized s) -> s.size()).reversed());
    List<SwarmReport> out = new ArrayList<>();
    for (Sized sized : chosen) {
      BrowserSwarm s = sized.swarm();
      BrowserSwarm.Rates r = s.rates();
      out.add(
          new SwarmReport(
              HexFormat.of().formatHex(sized.infoHash().getBytes(StandardCharsets.ISO_8859_1)),
              s.contentId(),
              s.complete(),
              s.incomplete(),
              s.arrivals(),
              s.completions(),
              r.arrivalsPerSecond(),
              r.downloadBytesPerSecond(),
              r.uploadBytesPerSecond(),
              s.downloadedBytes(),
              s.uploadedBytes(),
              SwarmReport.WEBRTC));
    }
    return out;
  }

  int swarmCount() {
    return swarms.size();
  }

  int peerCount() {
    return peers.get();
  }
}
