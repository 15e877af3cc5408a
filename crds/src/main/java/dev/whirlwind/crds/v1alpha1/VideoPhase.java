package dev.whirlwind.crds.v1alpha1;

/** Where a video is on its way to clients. */
public enum VideoPhase {
  Pending,
  Downloading,
  Cached,
  Transcoding,
  Ready,
  Failed
}
