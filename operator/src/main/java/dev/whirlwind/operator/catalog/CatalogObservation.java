package dev.whirlwind.operator.catalog;

import dev.whirlwind.protocol.cache.CacheHoldings;
import dev.whirlwind.protocol.cache.DownloadStatus;
import dev.whirlwind.protocol.cache.HeldContent;
import dev.whirlwind.protocol.tracker.RegisteredContent;
import dev.whirlwind.protocol.transcode.TranscodeJobStatus;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one observe step read of a catalog's daemons: one read per cache of its pool, per tracker
 * shard, and per transcoder of its profiles. A daemon that did not answer has its error instead.
 */
public record CatalogObservation(
    List<CacheView> caches, List<ShardView> shards, Map<String, TranscoderView> transcoders) {

  public CatalogObservation {
    caches = List.copyOf(caches);
    shards = List.copyOf(shards);
    transcoders = Map.copyOf(transcoders);
  }

  /**
   * One cache node of the pool.
   *
   * @param name the node's stable name, {@code <pool>-cache-<ordinal>}: what placement hashes
   * @param holdings its answer, or null when it did not answer ({@code error} says why)
   */
  public record CacheView(
      int ordinal, String name, String baseUrl, CacheHoldings holdings, String error) {
    private static final Comparator<DownloadStatus> SUBMITTED =
        Comparator.comparing(s -> s.submittedAt() == null ? "" : s.submittedAt());

    public boolean reachable() {
      return holdings != null;
    }

    /** Answers and takes orders (not starting, not draining). */
    public boolean ready() {
      return holdings != null && holdings.ready();
    }

    public Optional<HeldContent> held(String contentId) {
      if (holdings == null || contentId == null) {
        return Optional.empty();
      }
      return holdings.contents().stream().filter(c -> c.contentId().equals(contentId)).findFirst();
    }

    public boolean holds(String contentId) {
      return held(contentId).isPresent();
    }

    /** The latest order this node knows under a key. */
    public Optional<DownloadStatus> order(String key) {
      if (holdings == null) {
        return Optional.empty();
      }
      return holdings.downloads().stream().filter(d -> key.equals(d.key())).max(SUBMITTED);
    }

    /** Where another cache fetches a content from this one. */
    public String contentUrl(String contentId) {
      return baseUrl + "/c/" + contentId;
    }
  }

  /**
   * One tracker shard.
   *
   * @param registered its answer, or null when it did not answer
   */
  public record ShardView(
      int shard, String baseUrl, List<RegisteredContent> registered, String error) {
    public boolean reachable() {
      return registered != null;
    }

    public Optional<RegisteredContent> registration(String contentId) {
      if (registered == null) {
        return Optional.empty();
      }
      return registered.stream().filter(r -> r.contentId().equals(contentId)).findFirst();
    }
  }

  /**
   * The transcoders of one profile.
   *
   * @param baseUrls those running now; empty when none is
   * @param jobs every job they answered with, by job id (a job known to several is taken once)
   * @param unreachable how many of them did not answer
   */
  public record TranscoderView(
      String profile,
      List<String> baseUrls,
      Map<String, TranscodeJobStatus> jobs,
      int unreachable) {
    public TranscoderView {
      baseUrls = List.copyOf(baseUrls);
      jobs = Map.copyOf(jobs);
    }

    public static TranscoderView merge(
        String profile,
        List<String> baseUrls,
        List<List<TranscodeJobStatus>> answers,
        int unreachable) {
      Map<String, TranscodeJobStatus> jobs = new HashMap<>();
      for (List<TranscodeJobStatus> answer : answers) {
        for (TranscodeJobStatus j : answer) {
          // An unfinished job elsewhere says more than a finished one: it is being worked on.
          jobs.merge(j.jobId(), j, (a, b) -> a.state().finished() ? b : a);
        }
      }
      return new TranscoderView(profile, baseUrls, jobs, unreachable);
    }
  }
}
