package dev.whirlwind.transcoder.jobs;

import dev.whirlwind.protocol.tracker.RenditionRecord;
import dev.whirlwind.protocol.tracker.SwarmReport;
import dev.whirlwind.protocol.tracker.TrackerClient;
import dev.whirlwind.protocol.transcode.RenditionProfile;
import dev.whirlwind.protocol.transcode.TranscodeJobRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-transcoding while idle: once no client has asked for a job for the configured time and
 * nothing runs, the most requested sources (the trackers' swarm statistics: arrivals and
 * completions, then bytes downloaded) are rendered to the most requested profiles (by the jobs
 * clients asked for, then the configured order) that the rendition map lacks, one job at a time,
 * through the same claims as any job, so the cluster still renders each key once. A client's
 * request ends the idle period; what is running finishes.
 */
public final class Pretranscoder implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Pretranscoder.class);

  private final Jobs jobs;
  private final TrackerClient trackers;
  private final List<RenditionProfile> profiles;
  private final long idleMillis;

  public Pretranscoder(
      Jobs jobs, TrackerClient trackers, List<RenditionProfile> profiles, long idleMillis) {
    this.jobs = jobs;
    this.trackers = trackers;
    this.profiles = profiles.stream().map(RenditionProfile::effective).toList();
    this.idleMillis = idleMillis;
  }

  @Override
  public void run() {
    if (profiles.isEmpty() || jobs.busy() || jobs.millisSinceLastRequest() < idleMillis) {
      return;
    }
    try {
      next();
    } catch (IOException e) {
      LOG.debug("pre-transcoding skipped: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("pre-transcoding failed: {}", e.toString());
    }
  }

  /** Submits the most wanted missing rendition, if any. */
  void next() throws IOException, InterruptedException {
    List<SwarmReport> swarms = new ArrayList<>();
    for (String shard : trackers.shardUrls()) {
      swarms.addAll(trackers.swarms(shard));
    }
    swarms.removeIf(s -> s.contentId() == null);
    swarms.sort(
        Comparator.comparingLong((SwarmReport s) -> s.arrivals() + s.completions())
            .thenComparingLong(SwarmReport::downloadedBytes)
            .reversed());
    List<RenditionProfile> wanted = new ArrayList<>(profiles);
    wanted.sort(
        Comparator.comparingLong((RenditionProfile p) -> jobs.requests(p.parametersHash()))
            .reversed());
    Set<String> renditions = new HashSet<>(jobs.renditionIds());
    List<String> sources = new ArrayList<>();
    for (SwarmReport s : swarms) {
      for (RenditionRecord r : trackers.renditions(s.contentId())) {
        renditions.add(r.renditionId());
      }
      sources.add(s.contentId());
    }
    for (String source : sources) {
      if (renditions.contains(source)) {
        continue; // a rendition itself, not a source
      }
      for (RenditionProfile p : wanted) {
        if (trackers.rendition(source, p.parametersHash()).isEmpty()) {
          LOG.info("idle: pre-transcoding {} to {}", source, p.name());
          jobs.submit(new TranscodeJobRequest(source, p, false), false);
          return;
        }
      }
    }
  }
}
