package dev.whirlwind.tracker.swarm;

import dev.whirlwind.protocol.content.InfoHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The peers of one info-hash. Peers live in an array list with an index, so that announces,
 * removals and random samples are O(1) per peer touched; one lock per swarm keeps contention to
 * clients of the same content.
 */
final class Swarm {
  final InfoHash infoHash;
  private final List<Peer> peers = new ArrayList<>();
  private final Map<PeerAddress, Integer> index = new HashMap<>();
  private int seeders;
  private long arrivals;
  private long completions;
  private long downloadedBytes;
  private long uploadedBytes;
  private long lastActivityMillis;
  // The totals at the start of the current sampling window, and the rates of the last one.
  private long windowStartMillis;
  private long windowDownloaded;
  private long windowUploaded;
  private long windowArrivals;
  private double downloadRate;
  private double uploadRate;
  private double arrivalRate;

  Swarm(InfoHash infoHash, long nowMillis) {
    this.infoHash = infoHash;
    this.windowStartMillis = nowMillis;
    this.lastActivityMillis = nowMillis;
  }

  synchronized SwarmView announce(Announce a, long nowMillis, Random random) {
    lastActivityMillis = nowMillis;
    Integer at = index.get(a.address());
    Peer peer = at == null ? null : peers.get(at);
    if (peer == null && a.key() != null) {
      peer = movedPeer(a);
    }
    if (a.event() == AnnounceEvent.STOPPED) {
      if (peer != null) {
        account(peer, a);
        remove(peer.address);
      }
      return new SwarmView(seeders, peers.size() - seeders, completions, List.of(), List.of());
    }
    if (peer == null) {
      peer = new Peer(a.address());
      peer.uploaded = a.uploaded();
      peer.downloaded = a.downloaded();
      peer.left = a.left();
      index.put(peer.address, peers.size());
      peers.add(peer);
      if (peer.isSeeder()) {
        seeders++;
      }
      arrivals++;
    } else {
      account(peer, a);
      boolean wasSeeder = peer.isSeeder();
      peer.left = a.left();
      if (wasSeeder != peer.isSeeder()) {
        seeders += peer.isSeeder() ? 1 : -1;
      }
    }
    peer.peerId = a.peerId();
    peer.key = a.key();
    peer.lastSeenMillis = nowMillis;
    if (a.event() == AnnounceEvent.COMPLETED) {
      completions++;
    }
    return sample(peer, a.numwant(), random);
  }

  /** BEP 3's key lets a client keep its identity when its address changes. */
  private Peer movedPeer(Announce a) {
    for (Peer p : peers) {
      if (a.key().equals(p.key) && Arrays.equals(p.peerId, a.peerId())) {
        PeerAddress old = p.address;
        Peer moved = new Peer(a.address());
        moved.uploaded = p.uploaded;
        moved.downloaded = p.downloaded;
        moved.left = p.left;
        remove(old);
        index.put(moved.address, peers.size());
        peers.add(moved);
        if (moved.isSeeder()) {
          seeders++;
        }
        return moved;
      }
    }
    return null;
  }

  private void account(Peer peer, Announce a) {
    // Counters only grow; a client that restarted from zero starts a new baseline.
    downloadedBytes += Math.max(0, a.downloaded() - peer.downloaded);
    uploadedBytes += Math.max(0, a.uploaded() - peer.uploaded);
    peer.downloaded = a.downloaded();
    peer.uploaded = a.uploaded();
  }

  private void remove(PeerAddress address) {
    Integer at = index.remove(address);
    if (at == null) {
      return;
    }
    Peer gone = peers.get(at);
    if (gone.isSeeder()) {
      seeders--;
    }
    Peer last = peers.remove(peers.size() - 1);
    if (last != gone) {
      peers.set(at, last);
      index.put(last.address, at);
    }
  }

  /** Up to {@code numwant} other peers, at random; a seeder gets leechers only. */
  private SwarmView sample(Peer self, int numwant, Random random) {
    int n = peers.size();
    boolean onlyLeechers = self.isSeeder();
    int eligible = onlyLeechers ? n - seeders : n - 1;
    // Sized up front: growing these lists showed up in announce profiles.
    int expected = Math.max(0, Math.min(numwant, eligible));
    List<PeerAddress> addresses = new ArrayList<>(expected);
    List<byte[]> ids = new ArrayList<>(expected);
    if (numwant > 0 && eligible > 0) {
      if (eligible <= numwant) {
        for (Peer p : peers) {
          if (p != self && !(onlyLeechers && p.isSeeder())) {
            addresses.add(p.address);
            ids.add(p.peerId);
          }
        }
      } else {
        // Start anywhere and walk: a uniform start over a swap-removed list is random enough,
        // and stays O(numwant) when most peers are eligible.
        int start = random.nextInt(n);
        for (int i = 0; i < n && addresses.size() < numwant; i++) {
          int j = (start + i) % n;
          Peer p = peers.get(j);
          if (p != self && !(onlyLeechers && p.isSeeder())) {
            addresses.add(p.address);
            ids.add(p.peerId);
          }
        }
      }
    }
    return new SwarmView(seeders, n - seeders, completions, addresses, ids);
  }

  synchronized void addDownloaded(long bytes) {
    downloadedBytes += bytes;
  }

  /** Drops peers not seen since {@code cutoffMillis}; returns how many. */
  synchronized int expire(long cutoffMillis) {
    int removed = 0;
    for (int i = peers.size() - 1; i >= 0; i--) {
      Peer p = peers.get(i);
      if (p.lastSeenMillis < cutoffMillis) {
        remove(p.address);
        removed++;
      }
    }
    return removed;
  }

  /** Closes the sampling window: the rates of {@link #stats()} are those of the last window. */
  synchronized void sample(long nowMillis) {
    double seconds = (nowMillis - windowStartMillis) / 1000.0;
    if (seconds <= 0) {
      return;
    }
    downloadRate = (downloadedBytes - windowDownloaded) / seconds;
    uploadRate = (uploadedBytes - windowUploaded) / seconds;
    arrivalRate = (arrivals - windowArrivals) / seconds;
    windowStartMillis = nowMillis;
    windowDownloaded = downloadedBytes;
    windowUploaded = uploadedBytes;
    windowArrivals = arrivals;
  }

  synchronized boolean isIdleSince(long cutoffMillis) {
    return peers.isEmpty() && lastActivityMillis < cutoffMillis;
  }

  synchronized SwarmStats stats() {
    return new SwarmStats(
        infoHash,
        seeders,
        peers.size() - seeders,
        arrivals,
        completions,
        downloadedBytes,
        uploadedBytes,
        downloadRate,
        uploadRate,
        arrivalRate);
  }

  synchronized int[] counts() {
    return new int[] {seeders, peers.size() - seeders};
  }

  synchronized long completions() {
    return completions;
  }
}
