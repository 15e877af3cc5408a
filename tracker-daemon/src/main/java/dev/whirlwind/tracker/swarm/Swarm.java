package dev.whirlwind.tracker.swarm;

import dev.whirlwind.protocol.content.InfoHash;
import dev.whirlwind.tracker.announce.AnnounceRejected;
import java.util.Random;

/**
 * The peers of one info-hash, in a {@link PeerTable}: announces, removals and random samples are
 * O(1) per peer touched; one lock per swarm keeps contention to clients of the same content.
 */
final class Swarm {
  final InfoHash infoHash;
  private final PeerTable peers = new PeerTable();
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

  private final PeerBudget budget;

  Swarm(InfoHash infoHash, long nowMillis, PeerBudget budget) {
    this.infoHash = infoHash;
    this.budget = budget;
    this.windowStartMillis = nowMillis;
    this.lastActivityMillis = nowMillis;
  }

  /** Records the announce and offers up to {@code numwant} other peers to {@code sink}. */
  synchronized SwarmCounts announce(
      Announce a, long key, long nowMillis, Random random, PeerSink sink) {
    lastActivityMillis = nowMillis;
    int r = peers.find(a.address());
    if (r < 0 && key != 0) {
      r = movedPeer(a, key);
    }
    if (a.event() == AnnounceEvent.STOPPED) {
      if (r >= 0) {
        account(r, a);
        remove(r);
      }
      return counts();
    }
    if (r < 0) {
      if (!budget.tryTake()) {
        throw new AnnounceRejected(
            "tracker is full: it holds its maximum of " + budget.max() + " peers; try again later");
      }
      r = peers.add(a.address());
      peers.setTransfer(r, a.uploaded(), a.downloaded(), a.left());
      seeders += a.left() == 0 ? 1 : 0;
      arrivals++;
    } else {
      boolean wasSeeder = peers.isSeeder(r);
      account(r, a);
      if (wasSeeder != (a.left() == 0)) {
        seeders += a.left() == 0 ? 1 : -1;
      }
    }
    peers.setSeen(r, nowMillis, key, a.peerId());
    if (a.event() == AnnounceEvent.COMPLETED) {
      completions++;
    }
    sample(r, a.numwant(), random, sink);
    return counts();
  }

  synchronized SwarmCounts counts() {
    return new SwarmCounts(seeders, peers.size() - seeders, completions);
  }

  /**
   * BEP 3's key lets a client keep its identity when its address changes: the record moves to the
   * new address with its counters.
   */
  private int movedPeer(Announce a, long key) {
    for (int r = 0; r < peers.size(); r++) {
      if (peers.key(r) == key && peers.peerIdEquals(r, a.peerId())) {
        long up = peers.uploaded(r);
        long down = peers.downloaded(r);
        long left = peers.left(r);
        remove(r);
        budget.tryTake(); // the record it just gave back: the budget has room for it
        int moved = peers.add(a.address());
        peers.setTransfer(moved, up, down, left);
        seeders += left == 0 ? 1 : 0;
        return moved;
      }
    }
    return -1;
  }

  /** Adds the announced deltas to the swarm's totals and stores the new counters. */
  private void account(int r, Announce a) {
    // Counters only grow; a client that restarted from zero starts a new baseline.
    downloadedBytes += Math.max(0, a.downloaded() - peers.downloaded(r));
    uploadedBytes += Math.max(0, a.uploaded() - peers.uploaded(r));
    peers.setTransfer(r, a.uploaded(), a.downloaded(), a.left());
  }

  private void remove(int r) {
    if (peers.isSeeder(r)) {
      seeders--;
    }
    peers.remove(r);
    budget.release(1);
  }

  /**
   * Up to {@code numwant} other peers, at random; a seeder gets leechers only. The walk starts at a
   * random record: over a swap-removed table that is random enough, and stays O(numwant) when most
   * peers are eligible.
   */
  private void sample(int self, int numwant, Random random, PeerSink sink) {
    int n = peers.size();
    if (numwant <= 0 || n <= 1) {
      return;
    }
    boolean onlyLeechers = peers.isSeeder(self);
    if (onlyLeechers && seeders == n) {
      return;
    }
    byte[] ids = peers.ids();
    int start = random.nextInt(n);
    int taken = 0;
    for (int i = 0, r = start; i < n && taken < numwant; i++, r = r + 1 == n ? 0 : r + 1) {
      if (r != self
          && !(onlyLeechers && peers.isSeeder(r))
          && sink.offer(
              peers.isIpv4(r),
              peers.high(r),
              peers.low(r),
              peers.port(r),
              ids,
              r * PeerTable.ID_LENGTH)) {
        taken++;
      }
    }
  }

  synchronized void addDownloaded(long bytes) {
    downloadedBytes += bytes;
  }

  /** Drops peers not seen since {@code cutoffMillis}; returns how many. */
  synchronized int expire(long cutoffMillis) {
    int removed = 0;
    for (int r = peers.size() - 1; r >= 0; r--) {
      if (peers.lastSeen(r) < cutoffMillis) {
        remove(r); // the last record moves here, and it was already checked
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

  synchronized int peerCount() {
    return peers.size();
  }

  synchronized long lastActivityMillis() {
    return lastActivityMillis;
  }

  synchronized boolean isIdleSince(long cutoffMillis) {
    return peers.size() == 0 && lastActivityMillis < cutoffMillis;
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
}
