package dev.whirlwind.operator.catalog;

import dev.whirlwind.operator.catalog.CatalogObservation.CacheView;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.cache.DownloadState;
import dev.whirlwind.protocol.cache.DownloadStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a content that some caches hold onto the caches placement chose for it, cache to cache:
 * the origin is asked once per content, whatever the number of replicas.
 */
final class Replication {
  /**
   * @param holders caches holding the content now
   * @param copying orders under way to targets
   * @param actions orders to send
   * @param failure the reason of a recent failed copy, or null
   */
  record Result(List<CacheView> holders, int copying, List<CatalogAction> actions, String failure) {
    /** How far the copies are, in words. */
    String progress(int wanted) {
      return holders.size()
          + " of "
          + wanted
          + " caches hold it"
          + (failure == null ? "" : "; a copy failed: " + failure);
    }
  }

  private Replication() {}

  /** The key every cache knows a copy of a content under. */
  static String key(String contentId) {
    return "copy:" + contentId;
  }

  static Result plan(
      String contentId,
      long sizeBytes,
      boolean pin,
      List<CacheView> targets,
      List<CacheView> reachable,
      Instant now,
      Duration retryFailed) {
    List<CacheView> holders = reachable.stream().filter(c -> c.holds(contentId)).toList();
    List<CatalogAction> actions = new ArrayList<>();
    int copying = 0;
    String failure = null;
    if (holders.isEmpty()) {
      return new Result(holders, 0, actions, null);
    }
    List<String> from = holders.stream().map(h -> h.contentUrl(contentId)).toList();
    for (CacheView t : targets) {
      if (t.holds(contentId)) {
        continue;
      }
      DownloadStatus known = t.order(key(contentId)).orElse(null);
      if (known != null && !known.state().finished()) {
        copying++;
        continue;
      }
      if (known != null
          && known.state() == DownloadState.Failed
          && recent(known, now, retryFailed)) {
        failure = t.name() + ": " + known.reason();
        continue;
      }
      actions.add(
          new CatalogAction.Download(
              t.ordinal(),
              new DownloadOrder(
                  List.of(), contentId, sizeBytes, null, null, pin, null, key(contentId), from)));
      copying++;
    }
    return new Result(holders, copying, actions, failure);
  }

  /** Whether a finished order ended less than {@code window} ago (an unknown time counts as so). */
  static boolean recent(DownloadStatus s, Instant now, Duration window) {
    if (s.finishedAt() == null) {
      return true;
    }
    return Instant.parse(s.finishedAt()).plus(window).isAfter(now);
  }
}
