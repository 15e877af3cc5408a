package dev.whirlwind.protocol.transcode;

/** Where a transcode job is; the same names in the transcoder and in the operator. */
public enum JobState {
  Queued,
  /** Another transcoder holds the cluster-wide claim on the rendition key. */
  Waiting,
  Running,
  Completed,
  Failed,
  Cancelled;

  public boolean finished() {
    return this == Completed || this == Failed || this == Cancelled;
  }
}
