package dev.whirlwind.protocol.cache;

/** Where a cloud download order is; the same names on the cache and in the operator. */
public enum DownloadState {
  /** Accepted, waiting for a download slot (or for a restart to resume it). */
  Queued,
  Downloading,
  /** Every piece is in; the whole-content hash is being checked. */
  Verifying,
  /** Verified and published; the content is stored (unless later evicted or deleted). */
  Completed,
  Failed,
  /** Cancelled by an admin before it finished; its partial file is gone. */
  Cancelled;

  public boolean finished() {
    return this == Completed || this == Failed || this == Cancelled;
  }
}
