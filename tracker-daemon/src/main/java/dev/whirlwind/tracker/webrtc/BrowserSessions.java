package dev.whirlwind.tracker.webrtc;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * What players report of the bytes they traded with each other. p2p-media-loader announces {@code
 * uploaded} and {@code downloaded} as 0, so a page names a session in its tracker URL ({@code
 * ?s=<token>}) and reports its counters for it over HTTP ({@code POST /report}). A report counts
 * only for a session whose connection is open (or closed within {@link #CLOSED_GRACE_NANOS}: a
 * page's last report races its socket's close), only what the counters moved since the last one,
 * and at most what a browser's link could have carried meanwhile. What caches served a page is not
 * taken from it: the caches count it (their heartbeats' plain HTTP bytes). Sessions are bounded by
 * the connections; when the table is full, the oldest closed session makes room.
 */
final class BrowserSessions {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,64}");

  /** Reports closer together than this are refused: a page reports every few seconds. */
  static final long MIN_REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** The most bytes per second a report may claim in each direction (1 Gbit/s). */
  static final long MAX_BYTES_PER_SECOND = 125_000_000L;

  /** How long a closed connection's session still takes its page's last report. */
  static final long CLOSED_GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** What became of a report. */
  enum Outcome {
    COUNTED,
    UNKNOWN_SESSION,
    TOO_SOON
  }

  private static final class Session {
    final BrowserPeer peer;
    BrowserSwarm swarm;
    long uploaded;
    long downloaded;
    long countedAt;
    long lastReportAt;
    boolean reported;
    long closedAt;
    boolean closed;

    Session(BrowserPeer peer, long now) {
      this.peer = peer;
      this.countedAt = now;
    }

    synchronized boolean isClosed() {
      return closed;
    }

    synchronized boolean expired(long now) {
      return closed && now - closedAt > CLOSED_GRACE_NANOS;
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  // Closed sessions, oldest first: the first to go when the table is full, or their grace ends.
  // A token reused by a later connection may stand in it twice, so its length is bounded too.
  private final Queue<String> closedOrder = new ConcurrentLinkedQueue<>();
  private final AtomicInteger closedQueued = new AtomicInteger();
  private final int maxSessions;

  BrowserSessions(int maxSessions) {
    this.maxSessions = maxSessions;
  }

  /** Whether {@code token} can name a session: 16 to 64 URL-safe characters. */
  static boolean validToken(String token) {
    return token != null && TOKEN.matcher(token).matches();
  }

  /**
   * Opens {@code token}'s session for the connection; false when it is invalid, already another
   * live connection's, or past the bound (the connection then works, its page's reports do not
   * count).
   */
  boolean open(String token, BrowserPeer peer, long now) {
    if (!validToken(token)) {
      return false;
    }
    // Full: a closed session waiting for its page's last report makes room first, so that
    // connections opened and closed in a loop cannot keep live pages from reporting.
    while (sessions.size() >= maxSessions) {
      if (dropOldestClosed() < 0) {
        return false;
      }
    }
    Session fresh = new Session(peer, now);
    Session s = sessions.compute(token, (k, old) -> old == null || old.isClosed() ? fresh : old);
    return s == fresh;
  }

  /** The session's connection announced in {@code swarm}: its reports count there. */
  void joined(String token, BrowserPeer peer, BrowserSwarm swarm) {
    Session s = sessions.get(token);
    if (s != null && s.peer == peer) {
      synchronized (s) {
        s.swarm = swarm;
      }
    }
  }

  /** The session's connection closed: its page has {@link #CLOSED_GRACE_NANOS} to report last. */
  void closed(String token, BrowserPeer peer, long now) {
    Session s = sessions.get(token);
    if (s != null && s.peer == peer) {
      synchronized (s) {
        s.closed = true;
        s.closedAt = now;
      }
      closedOrder.add(token);
      if (closedQueued.incrementAndGet() > maxSessions) {
        dropOldestClosed();
      }
    }
  }

  /**
   * Takes the oldest entry off the closed queue and forgets its session if still closed: 1 when a
   * session went, 0 when none did, -1 when the queue was empty.
   */
  private int dropOldestClosed() {
    String oldest = closedOrder.poll();
    if (oldest == null) {
      return -1;
    }
    closedQueued.decrementAndGet();
    Session s = sessions.get(oldest);
    return s != null && s.isClosed() && sessions.remove(oldest, s) ? 1 : 0;
  }

  /**
   * Counts a page's cumulative counters of bytes given to and received from peers: the swarm gets
   * how far each moved since the last report (as uploaded and downloaded), capped by the time since
   * then at {@link #MAX_BYTES_PER_SECOND}.
   */
  Outcome report(String token, long uploaded, long downloaded, long now) {
    Session s = sessions.get(token);
    if (s == null) {
      return Outcome.UNKNOWN_SESSION;
    }
    synchronized (s) {
      if (s.expired(now)) {
        return Outcome.UNKNOWN_SESSION;
      }
      if (s.reported && now - s.lastReportAt < MIN_REPORT_INTERVAL_NANOS) {
        return Outcome.TOO_SOON;
      }
      s.reported = true;
      s.lastReportAt = now;
      if (s.swarm == null) {
        // Not in a swarm yet: what moved so far counts once it is.
        return Outcome.COUNTED;
      }
      long cap = (long) ((now - s.countedAt) / 1e9 * MAX_BYTES_PER_SECOND);
      long up = Math.min(cap, Math.max(0, uploaded - s.uploaded));
      long down = Math.min(cap, Math.max(0, downloaded - s.downloaded));
      // Past the cap is dropped, not carried: a page cannot bank a claim for later.
      s.uploaded = Math.max(s.uploaded, uploaded);
      s.downloaded = Math.max(s.downloaded, downloaded);
      s.countedAt = now;
      s.swarm.reported(up, down);
      return Outcome.COUNTED;
    }
  }

  /** Forgets sessions closed longer than the grace, oldest first; returns how many went. */
  int sweep(long now) {
    int gone = 0;
    while (true) {
      String oldest = closedOrder.peek();
      if (oldest == null) {
        return gone;
      }
      Session s = sessions.get(oldest);
      if (s != null && s.isClosed() && !s.expired(now)) {
        return gone; // the rest closed later
      }
      gone += Math.max(0, dropOldestClosed());
    }
  }

  int size() {
    return sessions.size();
  }

  /** Entries of the closed queue, for tests of its bound. */
  int closedQueued() {
    return closedQueued.get();
  }
}
