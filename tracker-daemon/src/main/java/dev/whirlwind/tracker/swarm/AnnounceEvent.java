package dev.whirlwind.tracker.swarm;

/** The {@code event} of an announce; {@link #NONE} for the regular ones. */
public enum AnnounceEvent {
  NONE,
  STARTED,
  COMPLETED,
  STOPPED
}
