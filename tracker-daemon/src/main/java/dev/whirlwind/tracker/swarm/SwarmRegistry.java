package dev.whirlwind.tracker.swarm;

import dev.whirlwind.protocol.content.InfoHash;
import dev.whirlwind.tracker.announce.AnnounceRejected;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Every swarm this tracker shard sees, bounded: at most {@code maxSwarms} swarms and {@code
 * maxPeers} peers in all, since anyone can announce a new info-hash over UDP without any
 * authentication. Peers expire after {@code expiryIntervals} missed announce intervals; swarms with
 * no peers are forgotten a day after their last announce, or sooner, oldest first, when a new swarm
 * needs the room. Past the caps, announces that would add a swarm or a peer get a failure reason
 * that says so; the swarms and peers already here are served as before.
 */
public final class SwarmRegistry {
  private static final long FORGET_IDLE_MILLIS = 24 * 3600 * 1000L;
  private static final long KEY_SEED = new java.security.SecureRandom().nextLong();

  private final ConcurrentHashMap<InfoHash, Swarm> swarms = new ConcurrentHashMap<>();
  private final Clock clock;
  private final long expiryMillis;
  private final int maxSwarms;
  private final PeerBudget peers;
  // Swarms the last sweep found without peers, least recently active first: evicted for room.
  private final ConcurrentLinkedQueue<Swarm> evictable = new ConcurrentLinkedQueue<>();
  private final LongAdder refusedSwarms = new LongAdder();
  private final LongAdder evictedSwarms = new LongAdder();

  public SwarmRegistry(
      Clock clock, int announceIntervalSeconds, int expiryIntervals, int maxSwarms, long maxPeers) {
    this.clock = clock;
    this.maxSwarms = maxSwarms;
    this.peers = new PeerBudget(maxPeers);
    // One interval of slack on top: a client's timer and our sweep are not in phase.
    this.expiryMillis = (long) announceIntervalSeconds * (expiryIntervals + 1) * 1000L;
  }

  /** Records an announce and returns the swarm's counts with a sample of other peers. */
  public SwarmView announce(Announce a) {
    List<PeerAddress> addresses = new ArrayList<>(Math.max(0, Math.min(a.numwant(), 64)));
    List<byte[]> ids = new ArrayList<>(Math.max(0, Math.min(a.numwant(), 64)));
    SwarmCounts counts =
        announce(
            a,
            (ipv4, high, low, port, peerIds, idOffset) -> {
              addresses.add(PeerAddress.ofPacked(ipv4, high, low, port));
              ids.add(Arrays.copyOfRange(peerIds, idOffset, idOffset + PeerTable.ID_LENGTH));
              return true;
            });
    return new SwarmView(counts.seeders(), counts.leechers(), counts.completions(), addresses, ids);
  }

  /**
   * Records an announce and offers up to numwant other peers to {@code sink}, straight from the
   * swarm's records: the allocation-free path of the UDP tracker.
   */
  public SwarmCounts announce(Announce a, PeerSink sink) {
    long now = clock.millis();
    Swarm swarm = swarms.get(a.infoHash());
    if (swarm == null) {
      if (a.event() == AnnounceEvent.STOPPED) {
        return new SwarmCounts(0, 0, 0); // nothing to remove, and no reason to make a swarm
      }
      swarm = create(a.infoHash(), now);
    }
    return swarm.announce(a, keyDigest(a.key()), now, ThreadLocalRandom.current(), sink);
  }

  /** The swarm of {@code infoHash}, made if there is room (after evicting an idle one). */
  private Swarm create(InfoHash infoHash, long now) {
    if (swarms.size() >= maxSwarms && !evictOne()) {
      refusedSwarms.increment();
      throw new AnnounceRejected(
          "tracker is full: it tracks its maximum of " + maxSwarms + " swarms; try again later");
    }
    return swarms.computeIfAbsent(infoHash, h -> new Swarm(h, now, peers));
  }

  private boolean evictOne() {
    for (Swarm s; (s = evictable.poll()) != null; ) {
      if (s.peerCount() == 0 && swarms.remove(s.infoHash, s)) {
        evictedSwarms.increment();
        return true;
      }
    }
    return false;
  }

  /**
   * Peers are matched by key through a 64-bit digest with a per-process random seed, so a record
   * holds no string; 0 means no key. Without the seed, an impostor who knows a peer id still has a
   * 2^-64 chance per try of presenting a key with the victim's digest.
   */
  static long keyDigest(String key) {
    if (key == null) {
      return 0;
    }
    long h = KEY_SEED;
    for (int i = 0; i < key.length(); i++) {
      h = (h ^ key.charAt(i)) * 0x100000001B3L;
      h ^= h >>> 31;
    }
    h ^= key.length();
    h *= 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    return h == 0 ? 1 : h;
  }

  /**
   * Bytes a cache served to plain HTTP clients that never announce: they count towards the swarm's
   * download rate, so the scheduler is not blind to them.
   */
  public void addPlainHttpBytes(InfoHash infoHash, long bytes) {
    if (bytes > 0) {
      long now = clock.millis();
      Swarm s = swarms.get(infoHash);
      try {
        (s == null ? create(infoHash, now) : s).addDownloaded(bytes);
      } catch (AnnounceRejected full) {
        // Counted in refusedSwarms; the bytes of a swarm that cannot be tracked are dropped.
      }
    }
  }

  /** Seeders, leechers and completions of one swarm; zeros for an unknown one. */
  public long[] scrape(InfoHash infoHash) {
    Swarm s = swarms.get(infoHash);
    if (s == null) {
      return new long[] {0, 0, 0};
    }
    SwarmCounts c = s.counts();
    return new long[] {c.seeders(), c.leechers(), c.completions()};
  }

  /** Expires peers, closes every swarm's sampling window and forgets long-idle swarms. */
  public int sweep() {
    long now = clock.millis();
    int expired = 0;
    List<Swarm> empty = new ArrayList<>();
    for (Swarm s : swarms.values()) {
      expired += s.expire(now - expiryMillis);
      s.sample(now);
      if (s.isIdleSince(now - FORGET_IDLE_MILLIS)) {
        swarms.remove(s.infoHash, s);
      } else if (s.peerCount() == 0) {
        empty.add(s);
      }
    }
    empty.sort(Comparator.comparingLong(Swarm::lastActivityMillis));
    evictable.clear();
    evictable.addAll(empty);
    return expired;
  }

  /**
   * The {@code limit} busiest swarms: those {@code preferred} says first (the catalog's contents,
   * which the scheduler needs), then by peers. A bounded heap keeps the cost at O(n log limit) time
   * and O(limit) memory whatever the number of swarms.
   */
  public List<SwarmStats> busiest(int limit, Predicate<InfoHash> preferred) {
    Comparator<Object[]> order =
        Comparator.<Object[]>comparingInt(e -> (Integer) e[1]).thenComparingLong(e -> (Long) e[2]);
    PriorityQueue<Object[]> heap = new PriorityQueue<>(Math.min(limit, 1024) + 1, order);
    for (Swarm s : swarms.values()) {
      Object[] e = {s, preferred.test(s.infoHash) ? 1 : 0, (long) s.peerCount()};
      heap.add(e);
      if (heap.size() > limit) {
        heap.poll();
      }
    }
    List<SwarmStats> out = new ArrayList<>(heap.size());
    while (!heap.isEmpty()) {
      out.add(((Swarm) heap.poll()[0]).stats());
    }
    java.util.Collections.reverse(out);
    return out;
  }

  public long refusedSwarms() {
    return refusedSwarms.sum();
  }

  public long evictedSwarms() {
    return evictedSwarms.sum();
  }

  public int maxSwarms() {
    return maxSwarms;
  }

  public long maxPeers() {
    return peers.max();
  }

  public SwarmStats stats(InfoHash infoHash) {
    Swarm s = swarms.get(infoHash);
    return s == null ? null : s.stats();
  }

  public int swarmCount() {
    return swarms.size();
  }

  public long peerCount() {
    return peers.used();
  }
}
