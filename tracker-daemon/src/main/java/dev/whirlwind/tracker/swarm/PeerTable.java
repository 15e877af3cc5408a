package dev.whirlwind.tracker.swarm;

import java.util.Arrays;

/**
 * The peers of one swarm packed into primitive arrays: one 64-byte record per peer, peer ids side
 * by side, and an open-addressed index from address to record. An announce touches a few cache
 * lines instead of chasing a peer object, its address object and their arrays, and a random sample
 * of a small swarm reads contiguous memory; this layout is what lets the UDP tracker keep up with
 * opentracker's packed C records. Removal swaps the last record into the hole, so records stay
 * dense. Not thread-safe: the owning swarm's lock guards it.
 */
final class PeerTable {
  private static final int STRIDE = 8;
  private static final int HIGH = 0; // see PeerAddress.high()
  private static final int LOW = 1;
  private static final int PORT = 2; // the port, plus V6 for an IPv6 address
  private static final int UPLOADED = 3;
  private static final int DOWNLOADED = 4;
  private static final int LEFT = 5;
  private static final int LAST_SEEN = 6;
  private static final int KEY = 7; // KeyDigest of the client's key; 0 when it sent none
  static final int ID_LENGTH = 20;
  private static final long V6 = 1 << 16;

  private long[] records = new long[4 * STRIDE];
  private byte[] ids = new byte[4 * ID_LENGTH];
  private int size;
  // Record number + 1 per slot, 0 for empty; linear probing, at most half full.
  private int[] index = new int[8];

  int size() {
    return size;
  }

  private static long portField(PeerAddress a) {
    return a.port() | (a.isIpv4() ? 0 : V6);
  }

  /** The record of an address, or -1. */
  int find(PeerAddress a) {
    long high = a.high();
    long low = a.low();
    long port = portField(a);
    int mask = index.length - 1;
    for (int s = slot(high, low, port) & mask; ; s = (s + 1) & mask) {
      int r = index[s] - 1;
      if (r < 0) {
        return -1;
      }
      int o = r * STRIDE;
      if (records[o + LOW] == low && records[o + PORT] == port && records[o + HIGH] == high) {
        return r;
      }
    }
  }

  /** Appends a record for a new address (the caller checked it is absent) and returns it. */
  int add(PeerAddress a) {
    if (size * STRIDE == records.length) {
      records = Arrays.copyOf(records, records.length * 2);
      ids = Arrays.copyOf(ids, ids.length * 2);
    }
    if ((size + 1) * 2 > index.length) {
      rehash(index.length * 2);
    }
    int r = size++;
    int o = r * STRIDE;
    Arrays.fill(records, o, o + STRIDE, 0L);
    records[o + HIGH] = a.high();
    records[o + LOW] = a.low();
    records[o + PORT] = portField(a);
    insert(r);
    return r;
  }

  /** Removes record {@code r}; the last record takes its number. */
  void remove(int r) {
    deleteFromIndex(r);
    int last = size - 1;
    if (r != last) {
      deleteFromIndex(last);
      System.arraycopy(records, last * STRIDE, records, r * STRIDE, STRIDE);
      System.arraycopy(ids, last * ID_LENGTH, ids, r * ID_LENGTH, ID_LENGTH);
      insert(r);
    }
    size = last;
    if (index.length > 16 && size * 8 < index.length) {
      rehash(index.length / 2);
    }
  }

  long high(int r) {
    return records[r * STRIDE + HIGH];
  }

  long low(int r) {
    return records[r * STRIDE + LOW];
  }

  int port(int r) {
    return (int) (records[r * STRIDE + PORT] & 0xffff);
  }

  boolean isIpv4(int r) {
    return (records[r * STRIDE + PORT] & V6) == 0;
  }

  PeerAddress address(int r) {
    return PeerAddress.ofPacked(isIpv4(r), high(r), low(r), port(r));
  }

  long uploaded(int r) {
    return records[r * STRIDE + UPLOADED];
  }

  long downloaded(int r) {
    return records[r * STRIDE + DOWNLOADED];
  }

  long left(int r) {
    return records[r * STRIDE + LEFT];
  }

  boolean isSeeder(int r) {
    return records[r * STRIDE + LEFT] == 0;
  }

  long lastSeen(int r) {
    return records[r * STRIDE + LAST_SEEN];
  }

  long key(int r) {
    return records[r * STRIDE + KEY];
  }

  void setTransfer(int r, long uploaded, long downloaded, long left) {
    int o = r * STRIDE;
    records[o + UPLOADED] = uploaded;
    records[o + DOWNLOADED] = downloaded;
    records[o + LEFT] = left;
  }

  void setSeen(int r, long lastSeen, long key, byte[] peerId) {
    int o = r * STRIDE;
    records[o + LAST_SEEN] = lastSeen;
    records[o + KEY] = key;
    System.arraycopy(peerId, 0, ids, r * ID_LENGTH, ID_LENGTH);
  }

  boolean peerIdEquals(int r, byte[] peerId) {
    int from = r * ID_LENGTH;
    return Arrays.equals(ids, from, from + ID_LENGTH, peerId, 0, ID_LENGTH);
  }

  /** The array holding every peer id, 20 bytes per record; read-only for callers. */
  byte[] ids() {
    return ids;
  }

  private static int slot(long high, long low, long port) {
    long h = (low * 0x9E3779B97F4A7C15L) ^ (high * 0xC2B2AE3D27D4EB4FL) ^ (port * 0x165667B1L);
    return (int) (h ^ (h >>> 29));
  }

  private int slotOf(int r) {
    int o = r * STRIDE;
    return slot(records[o + HIGH], records[o + LOW], records[o + PORT]);
  }

  private void insert(int r) {
    int mask = index.length - 1;
    int s = slotOf(r) & mask;
    while (index[s] != 0) {
      s = (s + 1) & mask;
    }
    index[s] = r + 1;
  }

  /** Backward-shift deletion keeps probe chains intact without tombstones. */
  private void deleteFromIndex(int r) {
    int mask = index.length - 1;
    int s = slotOf(r) & mask;
    while (index[s] != r + 1) {
      s = (s + 1) & mask;
    }
    int hole = s;
    for (int next = (hole + 1) & mask; index[next] != 0; next = (next + 1) & mask) {
      int home = slotOf(index[next] - 1) & mask;
      // Move the entry back if its home does not lie cyclically in (hole, next].
      boolean homeInRange =
          hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (!homeInRange) {
        index[hole] = index[next];
        hole = next;
      }
    }
    index[hole] = 0;
  }

  private void rehash(int capacity) {
    index = new int[capacity];
    for (int r = 0; r < size; r++) {
      insert(r);
    }
  }
}
