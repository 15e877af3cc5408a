package dev.whirlwind.protocol.transcode;

import dev.whirlwind.protocol.config.Checks;
import dev.whirlwind.protocol.config.Doc;
import dev.whirlwind.protocol.config.HttpLimits;
import dev.whirlwind.protocol.config.ValidatedConfig;
import java.util.List;

/**
 * Configuration of a transcoder daemon. The operator renders it from a TranscodeProfile; the daemon
 * reads it with {@link dev.whirlwind.protocol.config.ConfigLoader}.
 */
public record TranscoderDaemonConfig(
    @Doc("Address the HTTP server binds.") String bindAddress,
    @Doc("Port of the job API, /healthz, /readyz and /metrics.") int port,
    @Doc("Name this transcoder claims renditions under; unique per pod.") String name,
    @Doc("File holding the bearer token of the admin API.") String adminTokenFile,
    @Doc("Directory for job records and outputs in progress.") String stateDir,
    @Doc("Tracker base URLs: rendition claims and map, source redirects, statistics.")
        List<String> trackerUrls,
    @Doc("Cache base URLs renditions are uploaded to (the pool's client Service).")
        List<String> cacheUrls,
    @Doc("Jobs run at once; further jobs queue.") int jobs,
    @Doc("Encoder and decoder threads per job.") int threadsPerJob,
    @Doc("Concurrent jobs on the GPU; auto jobs past it run on the CPU.") int gpuSessions,
    @Doc("Seconds a claim lives unless renewed; renewed every third of it while a job runs.")
        int claimTtlSeconds,
    @Doc("Idle this many seconds, pre-transcode popular sources; 0 turns it off.")
        int idlePretranscodeSeconds,
    @Doc("Finished jobs kept (listed, on disk); the oldest finished are forgotten past it.")
        int finishedJobsKept,
    @Doc("Profiles pre-transcoding renders (the daemon's own TranscodeProfiles).")
        List<RenditionProfile> profiles,
    @Doc("Jobs queued at most; further new jobs get 503 too_many_jobs.") int maxQueuedJobs,
    HttpLimits http)
    implements ValidatedConfig {

  public static TranscoderDaemonConfig defaults() {
    return new TranscoderDaemonConfig(
        "0.0.0.0",
        8090,
        "transcoder-0",
        "/var/run/whirlwind/admin-token",
        "/var/lib/whirlwind-transcoder",
        List.of(),
        List.of(),
        1,
        2,
        3,
        600,
        3600,
        10_000,
        List.of(),
        1000,
        HttpLimits.defaults(256, 64));
  }

  @Override
  public void validate() {
    Checks.notBlank("bindAddress", bindAddress);
    Checks.range("port", port, 1, 65535);
    Checks.notBlank("name", name);
    Checks.notBlank("adminTokenFile", adminTokenFile);
    Checks.notBlank("stateDir", stateDir);
    Checks.httpUrls("trackerUrls", trackerUrls);
    Checks.httpUrls("cacheUrls", cacheUrls);
    Checks.range("jobs", jobs, 1, 64);
    Checks.range("threadsPerJob", threadsPerJob, 1, 128);
    Checks.range("gpuSessions", gpuSessions, 0, 64);
    Checks.range("claimTtlSeconds", claimTtlSeconds, 30, 24 * 3600);
    Checks.range("idlePretranscodeSeconds", idlePretranscodeSeconds, 0, 7 * 24 * 3600);
    Checks.range("finishedJobsKept", finishedJobsKept, 1, 10_000_000);
    Checks.range("maxQueuedJobs", maxQueuedJobs, 1, 1_000_000);
    http.validate("http");
    for (RenditionProfile p : profiles) {
      try {
        p.validated();
      } catch (IllegalArgumentException e) {
        throw new dev.whirlwind.protocol.config.ConfigException(
            "profiles", (p.name() == null ? "a profile" : p.name()) + ": " + e.getMessage());
      }
    }
  }
}
