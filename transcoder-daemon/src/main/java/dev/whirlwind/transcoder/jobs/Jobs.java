package dev.whirlwind.transcoder.jobs;

import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.runtime.DaemonThreads;
import dev.whirlwind.protocol.tracker.ClaimAnswer;
import dev.whirlwind.protocol.tracker.RenditionRecord;
import dev.whirlwind.protocol.tracker.TrackerClient;
import dev.whirlwind.protocol.transcode.JobState;
import dev.whirlwind.protocol.transcode.RenditionProfile;
import dev.whirlwind.protocol.transcode.TranscodeJobRequest;
import dev.whirlwind.protocol.transcode.TranscodeJobStatus;
import dev.whirlwind.transcoder.TranscoderMetrics;
import dev.whirlwind.transcoder.cluster.ClusterClients;
import dev.whirlwind.transcoder.media.Accelerators;
import dev.whirlwind.transcoder.media.EncoderPlan;
import dev.whirlwind.transcoder.media.TranscodeFailure;
import dev.whirlwind.transcoder.media.Transcoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job queue. A job is keyed by (source, profile hash), so asking twice gives the same job; the
 * tracker's rendition map is asked first (a finished rendition is reused) and its claim makes the
 * cluster transcode a key once: a transcoder that does not get the claim waits for the holder's
 * rendition, and takes over if the claim lapses. At most {@code jobs} run at once; GPU sessions are
 * bounded separately, and an {@code auto} job that finds none free runs on the CPU.
 */
public final class Jobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);
  static final long WAIT_POLL_MILLIS = 1000;

  private final String name;
  private final JobStore store;
  private final ClusterClients clients;
  private final Accelerators accelerators;
  private final Transcoder transcoder = new Transcoder();
  private final Path work;
  private final int threadsPerJob;
  private final int claimTtlSeconds;
  private final RenditionClaims claims;
  private final int finishedJobsKept;
  private final int maxQueuedJobs;
  private final GpuSessions gpuSessions;
  private final ExecutorService runners;
  private final ScheduledExecutorService renewals;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, RenditionProfile> knownProfiles = new ConcurrentHashMap<>();
  private final AtomicLong lastActivity = new AtomicLong(System.currentTimeMillis());
  private final AtomicLong lastRequest = new AtomicLong(System.currentTimeMillis());
  private final Map<String, java.util.concurrent.atomic.LongAdder> requestsByProfile =
      new ConcurrentHashMap<>();
  private volatile boolean stopping;
  private TranscoderMetrics metrics;

  public Jobs(
      String name,
      Path stateDir,
      ClusterClients clients,
      Accelerators accelerators,
      int parallelJobs,
      int threadsPerJob,
      int gpuSessions,
      int claimTtlSeconds,
      int finishedJobsKept,
      int maxQueuedJobs)
      throws IOException {
    this.maxQueuedJobs = maxQueuedJobs;
    this.name = name;
    this.store = new JobStore(stateDir);
    this.work = Files.createDirectories(stateDir.resolve("work"));
    this.clients = clients;
    this.accelerators = accelerators;
    this.threadsPerJob = threadsPerJob;
    this.claimTtlSeconds = claimTtlSeconds;
    this.claims = new RenditionClaims(name, claimTtlSeconds);
    this.finishedJobsKept = finishedJobsKept;
    this.gpuSessions = new GpuSessions(accelerators.cuda(), gpuSessions);
    this.runners = Executors.newFixedThreadPool(parallelJobs, DaemonThreads.named("transcode"));
    this.renewals = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("claims"));
    // Outputs of a run that died are worthless: start clean.
    try (var leftovers = Files.newDirectoryStream(work)) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
      }
    }
  }

  public void useMetrics(TranscoderMetrics metrics) {
    this.metrics = metrics;
  }

  /** Profiles this daemon knows by hash: the closest-rendition answer picks among them. */
  public void know(RenditionProfile profile) {
    RenditionProfile e = profile.effective();
    knownProfiles.put(e.parametersHash(), e);
  }

  /** Re-queues every job a previous run left unfinished; finished ones stay listed. */
  public void resume() throws IOException {
    for (JobStore.Saved saved : store.load()) {
      Job job = new Job(saved.request());
      TranscodeJobStatus s = saved.status();
      know(job.profile);
      if (s != null && s.state().finished()) {
        job.state = s.state();
        job.frames = s.frames();
        job.percent = s.percent();
        job.path = s.path();
        job.renditionId = s.renditionId();
        job.reused = s.reused();
        job.failure = s.failure();
        job.reason = s.reason();
        job.createdMillis = Job.millis(s.submittedAt());
        job.startedMillis = Job.millis(s.startedAt());
        job.finishedMillis = Job.millis(s.finishedAt());
        jobs.put(job.id, job);
        continue;
      }
      LOG.info("re-queueing job {} after a restart", job.id);
      jobs.put(job.id, job);
      store.save(job);
      runners.execute(() -> run(job));
    }
  }

  /**
   * Accepts a job, or returns the one already known for the same key (a failed or cancelled one is
   * tried again, and so is a completed one whose rendition the tracker no longer has).
   *
   * @throws IllegalArgumentException for a malformed request
   */
  public TranscodeJobStatus submit(TranscodeJobRequest request)
      throws IOException, InterruptedException {
    return submit(request, true);
  }

  /**
   * @param fromClient false for the daemon's own pre-transcoding, which neither counts as demand
   *     nor ends the idle period
   */
  TranscodeJobStatus submit(TranscodeJobRequest request, boolean fromClient)
      throws IOException, InterruptedException {
    if (request.sourceContentId() == null || !ContentId.isValid(request.sourceContentId())) {
      throw new IllegalArgumentException("sourceContentId must be 64 lowercase hex digits");
    }
    if (request.profile() == null) {
      throw new IllegalArgumentException("profile is required");
    }
    request.profile().validated();
    Job fresh = new Job(request);
    know(fresh.profile);
    lastActivity.set(System.currentTimeMillis());
    if (fromClient) {
      lastRequest.set(System.currentTimeMillis());
      requestsByProfile
          .computeIfAbsent(fresh.profileHash, h -> new java.util.concurrent.atomic.LongAdder())
          .increment();
    } else {
      fresh.reason = "pre-transcoded while idle";
    }
    if (request.acceptClosest() && clients.trackers(request) != null) {
      Optional<TranscodeJobStatus> closest = closest(fresh);
      if (closest.isPresent()) {
        return closest.get();
      }
    }
    Job known = jobs.get(fresh.id);
    if ((known == null || known.finished()) && queued() >= maxQueuedJobs) {
      throw new Full(
          "the transcoder has its maximum of " + maxQueuedJobs + " jobs waiting; try again later");
    }
    boolean renditionLost =
        known != null && known.state == JobState.Completed && !renditionStands(known);
    Job job =
        jobs.compute(
            fresh.id,
            (id, existing) ->
                existing == null
                        || existing.state == JobState.Failed
                        || existing.state == JobState.Cancelled
                        || (existing == known && renditionLost)
                    ? fresh
                    : existing);
    if (job == fresh) {
      store.save(job);
      runners.execute(() -> run(job));
    }
    return job.status();
  }

  /**
   * Whether a completed job's rendition is still the tracker's answer for its key. Every cache may
   * have evicted it (the tracker then forgets it, and the job is done again), or another rendition
   * replaced it (the job follows). An unreachable tracker leaves the last answer standing.
   */
  private boolean renditionStands(Job done) throws InterruptedException {
    TrackerClient trackers = clients.trackers(done.request);
    if (trackers == null) {
      return true;
    }
    try {
      Optional<RenditionRecord> standing =
          trackers.rendition(done.request.sourceContentId(), done.profileHash);
      if (standing.isEmpty()) {
        LOG.info("job {}: rendition {} is held by no cache any more", done.id, done.renditionId);
        return false;
      }
      if (!standing.get().renditionId().equals(done.renditionId)) {
        done.renditionId = standing.get().renditionId();
        done.reused = true;
        store.save(done);
      }
      return true;
    } catch (IOException e) {
      LOG.warn("job {}: cannot ask the tracker about its rendition: {}", done.id, e.getMessage());
      return true;
    }
  }

  /**
   * The existing rendition of the source nearest to the asked profile: same codec and container,
   * nearest output size ({@link ClosestRendition#sizeDistance}). Records carry their parameters;
   * older ones are judged by the profiles this daemon knows.
   */
  private Optional<TranscodeJobStatus> closest(Job asked) throws IOException, InterruptedException {
    String now = java.time.Instant.now().toString(); // answered at once
    List<RenditionRecord> records =
        clients.trackers(asked.request).renditions(asked.request.sourceContentId());
    return ClosestRendition.among(records, asked.profile, this::parameters)
        .map(
            r ->
                new TranscodeJobStatus(
                    Job.idOf(r.sourceId(), r.profileHash()),
                    r.sourceId(),
                    r.profileName(),
                    r.profileHash(),
                    JobState.Completed,
                    0,
                    100,
                    0,
                    null,
                    r.renditionId(),
                    true,
                    null,
                    r.profileHash().equals(asked.profileHash)
                        ? "already rendered"
                        : "the closest existing rendition: " + r.profileName(),
                    now,
                    null,
                    now));
  }

  private RenditionProfile parameters(RenditionRecord r) {
    return r.profile() != null ? r.profile() : knownProfiles.get(r.profileHash());
  }

  public Optional<TranscodeJobStatus> get(String id) {
    return Optional.ofNullable(jobs.get(id)).map(Job::status);
  }

  public List<TranscodeJobStatus> list() {
    List<TranscodeJobStatus> out = new ArrayList<>();
    jobs.values().stream()
        .sorted(Comparator.comparingLong(j -> j.createdMillis))
        .forEach(j -> out.add(j.status()));
    return out;
  }

  /** Cancels a job that has not finished; the runner stops at its next frame. */
  public Optional<TranscodeJobStatus> cancel(String id) {
    Job job = jobs.get(id);
    if (job == null) {
      return Optional.empty();
    }
    if (!job.finished()) {
      job.cancelled.set(true);
      if (job.state == JobState.Queued || job.state == JobState.Waiting) {
        finish(job, JobState.Cancelled, null, "cancelled before it ran");
      }
    }
    return Optional.of(job.status());
  }

  /** A new job past {@code maxQueuedJobs}: answered 503, nothing is queued. */
  public static final class Full extends RuntimeException {
    Full(String message) {
      super(message, null, false, false);
    }
  }

  public int queued() {
    return (int)
        jobs.values().stream()
            .filter(j -> j.state == JobState.Queued || j.state == JobState.Waiting)
            .count();
  }

  public int running(boolean gpu) {
    return (int)
        jobs.values().stream()
            .filter(j -> j.state == JobState.Running)
            .filter(j -> j.path != null && j.path.contains("nv") == gpu)
            .count();
  }

  public double fps() {
    return jobs.values().stream()
        .filter(j -> j.state == JobState.Running)
        .mapToDouble(j -> j.fps)
        .sum();
  }

  /** Whether any job is queued, waiting or running. */
  boolean busy() {
    return jobs.values().stream().anyMatch(j -> !j.finished());
  }

  /** Milliseconds since a client last asked for a job. */
  long millisSinceLastRequest() {
    return System.currentTimeMillis() - lastRequest.get();
  }

  /** How many times clients asked for a profile (by hash) since this daemon started. */
  long requests(String profileHash) {
    var n = requestsByProfile.get(profileHash);
    return n == null ? 0 : n.sum();
  }

  /** Renditions this daemon knows to be renditions (not sources worth pre-transcoding). */
  java.util.Set<String> renditionIds() {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (Job j : jobs.values()) {
      if (j.renditionId != null) {
        out.add(j.renditionId);
      }
    }
    return out;
  }

  /** Milliseconds since the last job was asked for or ran; 0 while any is queued or running. */
  public long idleMillis() {
    boolean busy = jobs.values().stream().anyMatch(j -> !j.finished());
    return busy ? 0 : System.currentTimeMillis() - lastActivity.get();
  }

  private void run(Job job) {
    if (job.cancelled.get() || job.finished()) {
      return;
    }
    ScheduledFuture<?> renewal = null;
    GpuSessions.Hold gpu = null;
    Path out = work.resolve(job.id + ".mp4");
    try {
      if (!claim(job)) {
        return; // reused, or cancelled while waiting
      }
      renewal =
          renewals.scheduleAtFixedRate(
              () -> renew(job), claimTtlSeconds / 3, claimTtlSeconds / 3, TimeUnit.SECONDS);
      TrackerClient trackers = clients.trackers(job.request);
      knownSource(trackers, job.request.sourceContentId());
      String source = sourceUrl(trackers, job.request.sourceContentId());
      String codec = Transcoder.probeCodec(source);
      gpu = gpuSessions.take(job.profile.accelerator());
      EncoderPlan plan = EncoderPlan.choose(job.profile, codec, accelerators, gpu.held());
      if (!plan.gpu()) {
        gpu.release(); // nothing of this job runs on the GPU after all
      }
      job.path = plan.path();
      job.state = JobState.Running;
      job.startedMillis = System.currentTimeMillis();
      store.save(job);
      LOG.info("job {} runs on {}", job.id, plan.path());
      GpuSessions.Hold held = gpu;
      Transcoder.Result result =
          transcoder.run(
              source,
              out,
              job.profile,
              plan,
              threadsPerJob,
              new Transcoder.Progress() {
                @Override
                public void update(long frames, double percent, double fps) {
                  job.frames = frames;
                  job.percent = percent;
                  job.fps = fps;
                }

                @Override
                public void fellBackToCpu(EncoderPlan cpu, String why) {
                  LOG.warn("job {}: {}; running again on {}", job.id, why, cpu.path());
                  job.path = cpu.path();
                  held.release();
                }
              },
              () -> job.cancelled.get() || stopping);
      RenditionPublisher.Published published =
          RenditionPublisher.publish(
              job, out, result.durationSeconds(), clients.uploader(job.request), trackers);
      job.renditionId = published.standing().renditionId();
      job.reused = published.reused();
      if (metrics != null) {
        metrics.finished(
            result.plan().gpu() ? "gpu" : "cpu",
            Duration.ofMillis(System.currentTimeMillis() - job.startedMillis));
      }
      finish(
          job,
          JobState.Completed,
          null,
          String.format(
              "%d frames, %.1f s at %dx%d, audio %s%s",
              result.frames(),
              result.durationSeconds(),
              result.width(),
              result.height(),
              result.audio(),
              result.fallback() == null ? "" : "; on the CPU: " + result.fallback()));
    } catch (TranscodeFailure f) {
      if (f.reason() == TranscodeFailure.Reason.CANCELLED && !job.cancelled.get()) {
        // Stopped by a shutdown, not by a user: the next start runs it again.
        job.state = JobState.Queued;
        store.save(job);
      } else if (f.reason() == TranscodeFailure.Reason.CANCELLED) {
        finish(job, JobState.Cancelled, null, "cancelled while running");
      } else {
        fail(job, f.reason().label(), f.getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      job.state = JobState.Queued; // the daemon stops; the next start re-queues it
      store.save(job);
    } catch (IOException | RuntimeException e) {
      fail(job, "cluster", e.getMessage() == null ? e.toString() : e.getMessage());
    } finally {
      if (renewal != null) {
        renewal.cancel(false);
      }
      if (job.claimed && job.state != JobState.Completed && !stopping) {
        release(job);
      }
      if (gpu != null) {
        gpu.release();
      }
      try {
        Files.deleteIfExists(out);
      } catch (IOException ignored) {
        // swept at the next start
      }
      lastActivity.set(System.currentTimeMillis());
    }
  }

  /**
   * Takes the cluster-wide claim, waiting while another transcoder holds it. Returns false when
   * there is nothing left to do (the rendition exists, or the job was cancelled meanwhile).
   */
  private boolean claim(Job job) throws IOException, InterruptedException {
    TrackerClient trackers = clients.trackers(job.request);
    if (trackers == null) {
      throw new IOException(
          "neither the job nor the daemon names trackers: cannot find the source or claim the job");
    }
    while (true) {
      if (job.cancelled.get()) {
        finish(job, JobState.Cancelled, null, "cancelled while waiting");
        return false;
      }
      Optional<RenditionRecord> existing =
          trackers.rendition(job.request.sourceContentId(), job.profileHash);
      if (existing.isPresent()) {
        reuse(job, existing.get().renditionId());
        return false;
      }
      ClaimAnswer a = claims.claim(trackers, job.request.sourceContentId(), job.profileHash);
      if (a.renditionId() != null) {
        reuse(job, a.renditionId());
        return false;
      }
      if (a.granted()) {
        job.claimed = true;
        return true;
      }
      if (job.state != JobState.Waiting) {
        job.state = JobState.Waiting;
        job.reason = "transcoder " + a.holder() + " holds the claim";
        store.save(job);
      }
      Thread.sleep(WAIT_POLL_MILLIS);
    }
  }

  /**
   * Lets another transcoder take a key this one gave up on (failed or cancelled) at once rather
   * than after the claim's time to live: the tracker has no release, so the claim is renewed with a
   * one-second life.
   */
  private void release(Job job) {
    if (claims.release(
        clients.trackers(job.request), job.request.sourceContentId(), job.profileHash)) {
      job.claimed = false;
    }
  }

  private void renew(Job job) {
    claims.renew(clients.trackers(job.request), job.request.sourceContentId(), job.profileHash);
  }

  private void reuse(Job job, String renditionId) {
    job.renditionId = renditionId;
    job.reused = true;
    job.percent = 100;
    if (metrics != null) {
      metrics.reused();
    }
    finish(job, JobState.Completed, null, "already rendered");
  }

  /**
   * Asks the source's shard whether it knows the source before FFmpeg is started: an unknown source
   * fails as {@code cluster}, in words, not with FFmpeg's internals.
   */
  private static void knownSource(TrackerClient trackers, String sourceId)
      throws TranscodeFailure, InterruptedException {
    try {
      trackers.content(new ContentId(sourceId));
    } catch (java.io.IOException e) {
      throw new TranscodeFailure(
          TranscodeFailure.Reason.CLUSTER,
          "the cluster cannot give source " + sourceId + ": " + e.getMessage(),
          e);
    }
  }

  /** The source as FFmpeg reads it: the tracker's redirect to the best healthy source. */
  private static String sourceUrl(TrackerClient trackers, String sourceId) {
    return trackers.shardOf(new ContentId(sourceId)) + "/r/" + sourceId;
  }

  private void fail(Job job, String label, String message) {
    LOG.info("job {} failed ({}): {}", job.id, label, message);
    if (metrics != null) {
      metrics.failed(label);
    }
    finish(job, JobState.Failed, label, message);
  }

  private synchronized void finish(Job job, JobState state, String failure, String reason) {
    if (job.finished()) {
      return;
    }
    job.failure = failure;
    job.reason = reason;
    job.finishedMillis = System.currentTimeMillis();
    job.state = state;
    store.save(job);
    forgetOldestFinished();
  }

  /** Keeps at most {@code finishedJobsKept} finished jobs, in memory and on disk. */
  private void forgetOldestFinished() {
    List<Job> finished = jobs.values().stream().filter(Job::finished).toList();
    int excess = finished.size() - finishedJobsKept;
    if (excess <= 0) {
      return;
    }
    finished.stream()
        .sorted(Comparator.comparingLong(j -> j.finishedMillis))
        .limit(excess)
        .forEach(
            j -> {
              jobs.remove(j.id, j);
              store.delete(j.id);
            });
  }

  @Override
  public void close() {
    stopping = true; // running transcodes stop at their next frame and stay queued
    runners.shutdownNow();
    renewals.shutdownNow();
    try {
      runners.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
