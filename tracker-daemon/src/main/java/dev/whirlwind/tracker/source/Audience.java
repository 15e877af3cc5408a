package dev.whirlwind.tracker.source;

/**
 * Who asks for a content's sources: clients on the tracker's client port get each cache's client
 * URL (the one it advertises to them, e.g. outside a cluster), daemons on the admin port its own
 * base URL (what caches fetch from each other by, and trust).
 */
public enum Audience {
  CLIENTS,
  DAEMONS
}
