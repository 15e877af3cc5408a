package dev.whirlwind.cache.pullthrough;

import dev.whirlwind.cache.download.DownloadManager;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.tracker.ContentSummary;
import dev.whirlwind.protocol.tracker.SourceInfo;
import dev.whirlwind.protocol.tracker.SourceReport;
import dev.whirlwind.protocol.tracker.TrackerClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
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
 * it may, a new miss is refused rather than slowing the running ones.
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

  private final TrackerClient trackers;
  private final DownloadManager downloads;
  private final String selfBaseUrl;
  private final int maxFetches;
  private final IntSupplier activeFetches;
  private final Executor executor;
  private final ConcurrentHashMap<ContentId, CompletableFuture<StoredContent>> inFlight =
      new ConcurrentHashMap<>();

  public PullThrough(
      TrackerClient trackers,
      DownloadManager downloads,
      String selfBaseUrl,
      int maxFetches,
      IntSupplier activeFetches,
      Executor executor) {
    this.trackers = trackers;
    this.downloads = downloads;
    this.selfBaseUrl =
        selfBaseUrl.endsWith("/")
            ? selfBaseUrl.substring(0, selfBaseUrl.length() - 1)
            : selfBaseUrl;
    this.maxFetches = maxFetches;
    this.activeFetches = activeFetches;
    this.executor = executor;
  }

  public CompletableFuture<StoredContent> fetch(ContentId id) {
    CompletableFuture<StoredContent> running = inFlight.get(id);
    if (running != null) {
      return running;
    }
    if (activeFetches.getAsInt() >= maxFetches) {
      return CompletableFuture.failedFuture(
          new Busy(maxFetches + " fetches already run on this node"));
    }
    CompletableFuture<StoredContent> fresh = new CompletableFuture<>();
    running = inFlight.putIfAbsent(id, fresh);
    if (running != null) {
      return running;
    }
    CompletableFuture.supplyAsync(() -> order(id), executor)
        .thenCompose(o -> downloads.fetchThrough(o.order(), o.trusted()))
        .whenComplete(
            (stored, error) -> {
              inFlight.remove(id, fresh);
              if (error == null) {
                fresh.complete(stored);
              } else {
                fresh.completeExceptionally(
                    error instanceof CompletionException c ? c.getCause() : error);
              }
            });
    return fresh;
  }

  private record Planned(DownloadOrder order, Set<String> trusted) {}

  private Planned order(ContentId id) {
    ContentSummary content;
    SourceReport report;
    try {
      content = trackers.content(id);
      report = trackers.sources(id);
    } catch (TrackerClient.TrackerException e) {
      throw new Unknown(e.status() == 404 ? "the tracker does not know " + id : e.getMessage());
    } catch (Exception e) {
      throw new CompletionException(e);
    }
    List<String> caches = new ArrayList<>();
    List<String> mirrors = new ArrayList<>();
    Set<String> trusted = new HashSet<>();
    for (SourceInfo s : report.sources()) {
      if (!s.healthy() || s.url().startsWith(selfBaseUrl + "/")) {
        continue;
      }
      if ("cache".equals(s.kind())) {
        caches.add(s.url());
        URI u = URI.create(s.url());
        trusted.add(u.getHost() + ":" + (u.getPort() < 0 ? 80 : u.getPort()));
      } else {
        mirrors.add(s.url());
      }
    }
    List<String> urls = new ArrayList<>(caches);
    urls.addAll(mirrors);
    if (urls.isEmpty()) {
      throw new Unknown("no healthy source holds " + id);
    }
    String name = content.name();
    String ext =
        name != null && name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "bin";
    return new Planned(
        new DownloadOrder(urls, id.hex(), content.sizeBytes(), content.contentType(), ext),
        trusted);
  }
}
