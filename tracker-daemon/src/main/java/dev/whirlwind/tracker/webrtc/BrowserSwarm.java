package dev.whirlwind.tracker.webrtc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The browsers of one info-hash: who is in it, who has everything (complete), and what they
 * reported having moved. Every method holds the swarm's lock: announces from peers on different
 * event loops meet here.
 */
final class BrowserSwarm {
  /** A member: its connection, and what it last said. */
  static final class Member {
    final BrowserPeer peer;
    boolean complete;
    long lastSeenNanos;
    long uploaded;
    long downloaded;

    Member(BrowserPeer peer) {
      this.peer = peer;
    }
  }

  /**
   * The swarm's counts after an announce, and the peers its offers go to.
   *
   * @param added whether the announcing peer is new to the swarm
   */
  record Joined(int complete, int incomplete, List<BrowserPeer> offerTargets, boolean added) {}

  /** Rates over the last sampling window. */
  record Rates(
      double arrivalsPerSecond, double downloadBytesPerSecond, double uploadBytesPerSecond) {
    static final Rates NONE = new Rates(0, 0, 0);
  }

  private final Map<String, Member> members = new LinkedHashMap<>();
  private final String contentId;
  private boolean retired;
  private int complete;
  private long arrivals;
  private long completions;
  private long uploadedBytes;
  private long downloadedBytes;
  private long sampledAt;
  private long sampledArrivals;
  private long sampledDownloaded;
  private long sampledUploaded;
  private Rates rates = Rates.NONE;

  /**
   * @param contentId the content whose segments the swarm shares, as the first browser's tracker
   *     URL named it; null when none did
   */
  BrowserSwarm(String contentId, long now) {
    this.contentId = contentId;
    this.sampledAt = now;
  }

  String contentId() {
    return contentId;
  }

  synchronized long arrivals() {
    return arrivals;
  }

  synchronized long completions() {
    return completions;
  }

  synchronized Rates rates() {
    return rates;
  }

  /** Closes a sampling window: the rates since the last one. */
  synchronized void sample(long now) {
    double seconds = (now - sampledAt) / 1e9;
    if (seconds <= 0) {
      return;
    }
    rates =
        new Rates(
            (arrivals - sampledArrivals) / seconds,
            (downloadedBytes - sampledDownloaded) / seconds,
            (uploadedBytes - sampledUploaded) / seconds);
    sampledAt = now;
    sampledArrivals = arrivals;
    sampledDownloaded = downloadedBytes;
    sampledUploaded = uploadedBytes;
  }

  synchronized Member member(String peerId) {
    return members.get(peerId);
  }

  synchronized int size() {
    return members.size();
  }

  synchronized int complete() {
    return complete;
  }

  synchronized int incomplete() {
    return members.size() - complete;
  }

  synchronized long uploadedBytes() {
    return uploadedBytes;
  }

  synchronized long downloadedBytes() {
    return downloadedBytes;
  }

  /**
   * Adds or refreshes {@code peer}; {@code added} says whether it is new (the caller counted it
   * against the bound first). The counters a browser reports are cumulative: the swarm adds how far
   * they moved since its last announce.
   */
  synchronized Joined announce(BrowserPeer peer, WsMessage.Announce a, int offerTargets, long now) {
    Member m = members.get(a.peerId());
    if (retired || (m != null && m.peer != peer)) {
      // Retired by the sweep, or another connection took the id since the caller looked: the
      // caller looks again (and refuses the stolen id).
      return null;
    }
    boolean added = m == null;
    if (m == null) {
      m = new Member(peer);
      members.put(a.peerId(), m);
      arrivals++;
      m.uploaded = a.uploaded();
      m.downloaded = a.downloaded();
    }
    long up = Math.max(0, a.uploaded() - m.uploaded);
    long down = Math.max(0, a.downloaded() - m.downloaded);
    m.uploaded = Math.max(m.uploaded, a.uploaded());
    m.downloaded = Math.max(m.downloaded, a.downloaded());
    if (peer.session() == null) {
      // A page with a session reports its bytes itself (BrowserSessions): counted once, there.
      uploadedBytes += up;
      downloadedBytes += down;
    }
    // As the reference: "completed" from a peer it did not know counts as "started".
    boolean nowComplete =
        m.complete || a.complete() || (!added && a.event() == WsMessage.AnnounceKind.COMPLETED);
    if (nowComplete && !m.complete) {
      m.complete = true;
      complete++;
      if (!added || a.event() == WsMessage.AnnounceKind.COMPLETED) {
        completions++;
      }
    }
    m.lastSeenNanos = now;
    return new Joined(complete, members.size() - complete, pick(offerTargets, a.peerId()), added);
  }

  /** Bytes a member's page reported moving, beyond what announces say. */
  synchronized void reported(long uploaded, long downloaded) {
    uploadedBytes += uploaded;
    downloadedBytes += downloaded;
  }

  synchronized boolean isRetired() {
    return retired;
  }

  /** Retires the swarm if it has no member: an announce that still finds it starts a new one. */
  synchronized boolean retireIfEmpty() {
    retired = members.isEmpty();
    return retired;
  }

  /** Removes a member; false when it was not one. */
  synchronized boolean leave(String peerId, BrowserPeer peer) {
    Member m = members.get(peerId);
    if (m == null || m.peer != peer) {
      return false;
    }
    members.remove(peerId);
    if (m.complete) {
      complete--;
    }
    return true;
  }

  /** Members silent since {@code before}, removed; their connections are told by the caller. */
  synchronized List<Map.Entry<String, BrowserPeer>> expire(long before) {
    List<Map.Entry<String, BrowserPeer>> gone = new ArrayList<>();
    var it = members.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getValue().lastSeenNanos - before < 0) {
        it.remove();
        if (e.getValue().complete) {
          complete--;
        }
        gone.add(Map.entry(e.getKey(), e.getValue().peer));
      }
    }
    return gone;
  }

  /** Up to {@code n} other live members, chosen at random (reservoir sampling, no copy). */
  private List<BrowserPeer> pick(int n, String self) {
    if (n <= 0 || members.size() <= 1) {
      return List.of();
    }
    List<BrowserPeer> chosen = new ArrayList<>(Math.min(n, members.size()));
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int seen = 0;
    for (Map.Entry<String, Member> e : members.entrySet()) {
      BrowserPeer p = e.getValue().peer;
      if (e.getKey().equals(self) || !p.channel().isActive()) {
        continue;
      }
      seen++;
      if (chosen.size() < n) {
        chosen.add(p);
      } else {
        int j = r.nextInt(seen);
        if (j < n) {
          chosen.set(j, p);
        }
      }
    }
    return chosen;
  }
}
