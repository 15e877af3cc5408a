package dev.whirlwind.transcoder.jobs;

import dev.whirlwind.protocol.content.ContentHasher;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.tracker.RenditionRecord;
import dev.whirlwind.protocol.tracker.TrackerClient;
import dev.whirlwind.protocol.transcode.HlsIndex;
import dev.whirlwind.transcoder.cluster.CacheUploader;
import dev.whirlwind.transcoder.media.Fmp4Index;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A finished rendition made available to the cluster: hashed (its id is its SHA-256), uploaded to a
 * cache with its HLS index when it is HLS, and recorded with the trackers under the source and
 * profile. The record that stands may name another transcoder's identical rendition (it won the
 * race), which the job then reports as reused.
 */
final class RenditionPublisher {
  private RenditionPublisher() {}

  /** What was made, and the record that stands for the source and profile. */
  record Published(ContentId rendition, RenditionRecord standing) {
    /** Another transcoder's identical rendition was recorded first. */
    boolean reused() {
      return !standing.renditionId().equals(rendition.hex());
    }
  }

  static Published publish(
      Job job, Path out, double durationSeconds, CacheUploader uploader, TrackerClient trackers)
      throws IOException, InterruptedException {
    ContentId rendition = ContentHasher.hash(out).contentId();
    HlsIndex hls =
        job.profile.container().equals("hls") ? Fmp4Index.read(out, durationSeconds) : null;
    String cache = uploader.upload(rendition, out, "video/mp4", "mp4");
    if (hls != null) {
      uploader.putHls(cache, rendition, hls);
    }
    RenditionRecord standing =
        trackers.recordRendition(
            new RenditionRecord(
                job.request.sourceContentId(),
                job.profileHash,
                rendition.hex(),
                job.profile.name(),
                job.profile));
    return new Published(rendition, standing);
  }
}
