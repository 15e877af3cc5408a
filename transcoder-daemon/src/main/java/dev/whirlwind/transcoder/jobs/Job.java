package dev.whirlwind.transcoder.jobs;

import dev.whirlwind.protocol.transcode.JobState;
import dev.whirlwind.protocol.transcode.RenditionProfile;
import dev.whirlwind.protocol.transcode.TranscodeJobRequest;
import dev.whirlwind.protocol.transcode.TranscodeJobStatus;
import java.util.concurrent.atomic.AtomicBoolean;

/** One job: its request, its live progress, and how it ended. Fields are written by its runner. */
final class Job {
  final String id;
  final TranscodeJobRequest request;
  final RenditionProfile profile; // effective
  final String profileHash;
  final AtomicBoolean cancelled = new AtomicBoolean();
  volatile JobState state = JobState.Queued;
  volatile long frames;
  volatile double percent = -1;
  volatile double fps;
  volatile String path;
  volatile String renditionId;
  volatile boolean reused;
  volatile String failure;
  volatile String reason;
  volatile long createdMillis = System.currentTimeMillis();
  volatile long startedMillis;
  volatile long finishedMillis;
  volatile boolean claimed; // this daemon holds the tracker's claim on the key

  Job(TranscodeJobRequest request) {
    this.request = request;
    this.profile = request.profile().effective();
    this.profileHash = profile.parametersHash();
    this.id = idOf(request.sourceContentId(), profileHash);
  }

  static String idOf(String sourceId, String profileHash) {
    return sourceId + "-" + profileHash.substring(0, 16);
  }

  boolean finished() {
    return state.finished();
  }

  TranscodeJobStatus status() {
    return new TranscodeJobStatus(
        id,
        request.sourceContentId(),
        profile.name(),
        profileHash,
        state,
        frames,
        percent,
        fps,
        path,
        renditionId,
        reused,
        failure,
        reason,
        instant(createdMillis),
        instant(startedMillis),
        instant(finishedMillis));
  }

  private static String instant(long millis) {
    return millis == 0 ? null : java.time.Instant.ofEpochMilli(millis).toString();
  }

  /** The inverse of the status's timestamps: 0 for null. */
  static long millis(String instant) {
    return instant == null ? 0 : java.time.Instant.parse(instant).toEpochMilli();
  }
}
