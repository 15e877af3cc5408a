package dev.whirlwind.cache.pullthrough;

import dev.whirlwind.cache.download.ClusterSources;
import dev.whirlwind.cache.download.DownloadManager;
import dev.whirlwind.cache.download.Fetching;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.http.DaemonException;
import dev.whirlwind.protocol.tracker.ContentSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

/**
 * Fills a miss for a content the tracker knows: asks the owning shard for its healthy sources
 * (other caches first, then mirrors) and fetches it like a download order, verified against its id.
 * Concurrent misses for one content share one fetch. When the node already runs as many fetches as
 * it may, or already sends at its bandwidth cap, a new fetch is refused rather than slowing the
 * running transfers.
 */
public final class PullThrough {
  /** No fetch slot free right now; the client should come back later. */
  public static final class Busy extends RuntimeException {
    public Busy(String message) {
      super(message, null, false, false);
    }
  }

  /** The tracker does not know the content, or no source holds it. */
  public static final class Unknown extends RuntimeException {
    public Unknown(String message) {
      super(message, null, false, false);
    }
  }

  private final ClusterSources sources;
  private final DownloadManager downloads;
  private final int maxFetches;
  private final IntSupplier activeFetches;
  private final java.util.function.BooleanSupplier nodeSaturated;
  private final Executor executor;
  private final ConcurrentHashMap<ContentId, CompletableFuture<Fetching>> inFlight =
      new ConcurrentHashMap<>();

  public PullThrough(
      ClusterSources sources,
      DownloadManager downloads,
      int maxFetches,
      IntSupplier activeFetches,
      java.util.function.BooleanSupplier nodeSaturated,
      Executor executor) {
    this.sources = sources;
    this.downloads = downloads;
    this.maxFetches = maxFetches;
    this.activeFetches = activeFetches;
    this.nodeSaturated = nodeSaturated;
    this.executor = executor;
  }

  /**
   * The fetch of a missing content, shared by every concurrent miss: completes once it runs (its
   * verified prefix readable before it is whole), or fails with {@link Busy} or {@link Unknown}.
   */
  public CompletableFuture<Fetching> fetch(ContentId id) {
    CompletableFuture<Fetching> running = inFlight.get(id);
    if (running != null) {
      return running;
    }
    if (activeFetches.getAsInt() >= maxFetches) {
      return CompletableFuture.failedFuture(
          new Busy(maxFetches + " fetches already run on this node"));
    }
    if (nodeSaturated.getAsBoolean()) {
      // One more transfer would only slow the running ones: the client tries another source.
      return CompletableFuture.failedFuture(new Busy("this node sends at its bandwidth cap"));
    }
    CompletableFuture<Fetching> fresh = new CompletableFuture<>();
    running = inFlight.putIfAbsent(id, fresh);
    if (running != null) {
      return running;
    }
    CompletableFuture.supplyAsync(() -> order(id), executor)
        .thenApply(o -> downloads.fetchThrough(o.order(), o.trusted()))
        .whenComplete(
            (fetching, error) -> {
              if (error != null) {
                inFlight.remove(id, fresh);
                fresh.completeExceptionally(
                    error instanceof CompletionException c ? c.getCause() : error);
                return;
              }
              // Later misses join this fetch until it ends; then the store answers them.
              fetching.result().whenComplete((stored, failed) -> inFlight.remove(id, fresh));
              fresh.complete(fetching);
            });
    return fresh;
  }

  private record Planned(DownloadOrder order, Set<String> trusted) {}

  private Planned order(ContentId id) {
    ContentSummary content;
    ClusterSources.Found found;
    try {
      content = sources.content(id);
      found = sources.find(id);
    } catch (DaemonException e) {
      throw new Unknown(e.status() == 404 ? "the tracker does not know " + id : e.getMessage());
    } catch (Exception e) {
      throw new CompletionException(e);
    }
    List<String> urls = new ArrayList<>(found.caches());
    urls.addAll(found.mirrors());
    if (urls.isEmpty()) {
      throw new Unknown("no healthy source holds " + id);
    }
    String name = content.name();
    String ext =
        name != null && name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "bin";
    return new Planned(
        new DownloadOrder(
            urls,
            id.hex(),
            content.sizeBytes(),
            content.contentType(),
            ext,
            false,
            content.pieces()),
        found.trustedHostPorts());
  }
}
