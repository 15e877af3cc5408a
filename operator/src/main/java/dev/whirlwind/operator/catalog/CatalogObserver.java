package dev.whirlwind.operator.catalog;

import dev.whirlwind.operator.catalog.CatalogObservation.CacheView;
import dev.whirlwind.operator.catalog.CatalogObservation.ShardView;
import dev.whirlwind.operator.catalog.CatalogObservation.TranscoderView;
import dev.whirlwind.operator.daemons.DaemonCalls;
import dev.whirlwind.operator.locate.DaemonLocator;
import dev.whirlwind.protocol.cache.CacheHoldings;
import dev.whirlwind.protocol.tracker.RegisteredContent;
import dev.whirlwind.protocol.transcode.TranscodeJobStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The observe step of a catalog's reconcile: one read per daemon, all at once, each bounded by the
 * calls' timeout. A daemon that does not answer is recorded with the reason; it never fails the
 * reconcile.
 */
public final class CatalogObserver {
  private final DaemonCalls calls;
  private final DaemonLocator locator;

  public CatalogObserver(DaemonCalls calls, DaemonLocator locator) {
    this.calls = calls;
    this.locator = locator;
  }

  /**
   * @param caches the pool's node count (0 when the pool does not exist)
   * @param profiles the profiles whose transcoders to read
   */
  public CatalogObservation observe(
      String namespace,
      String catalog,
      int shards,
      String pool,
      int caches,
      List<String> profiles,
      String token) {
    List<CompletableFuture<CacheView>> cacheReads = new ArrayList<>();
    for (int i = 0; i < caches; i++) {
      cacheReads.add(cache(namespace, pool, i, token));
    }
    List<CompletableFuture<ShardView>> shardReads = new ArrayList<>();
    for (int k = 0; k < shards; k++) {
      shardReads.add(shard(namespace, catalog, k, token));
    }
    Map<String, CompletableFuture<TranscoderView>> transcoderReads = new LinkedHashMap<>();
    for (String p : profiles) {
      transcoderReads.put(p, transcoders(namespace, p, token));
    }
    Map<String, TranscoderView> transcoders = new LinkedHashMap<>();
    transcoderReads.forEach((p, f) -> transcoders.put(p, f.join()));
    return new CatalogObservation(
        cacheReads.stream().map(CompletableFuture::join).toList(),
        shardReads.stream().map(CompletableFuture::join).toList(),
        transcoders);
  }

  /** Every cache of a pool, read at once (the scheduler's view of its load). */
  public List<CacheView> caches(String namespace, String pool, int caches, String token) {
    List<CompletableFuture<CacheView>> reads = new ArrayList<>();
    for (int i = 0; i < caches; i++) {
      reads.add(cache(namespace, pool, i, token));
    }
    return reads.stream().map(CompletableFuture::join).toList();
  }

  private CompletableFuture<CacheView> cache(String namespace, String pool, int i, String token) {
    String name = pool + "-cache-" + i;
    String url;
    try {
      url = locator.cacheNode(namespace, pool, i);
    } catch (IllegalStateException e) {
      return CompletableFuture.completedFuture(new CacheView(i, name, null, null, e.getMessage()));
    }
    return calls
        .call(() -> calls.cache(url, token).holdings())
        .handle(
            (CacheHoldings h, Throwable t) ->
                new CacheView(i, name, url, h, t == null ? null : DaemonCalls.describe(t)));
  }

  private CompletableFuture<ShardView> shard(
      String namespace, String catalog, int k, String token) {
    String url;
    try {
      url = locator.trackerShard(namespace, catalog, k);
    } catch (IllegalStateException e) {
      return CompletableFuture.completedFuture(new ShardView(k, null, null, e.getMessage()));
    }
    return calls
        .call(() -> calls.trackers(List.of(url), token).registrations(url))
        .handle(
            (List<RegisteredContent> r, Throwable t) ->
                new ShardView(k, url, r, t == null ? null : DaemonCalls.describe(t)));
  }

  private CompletableFuture<TranscoderView> transcoders(
      String namespace, String profile, String token) {
    return calls
        .call(() -> locator.transcoders(namespace, profile))
        .exceptionally(t -> List.of())
        .thenCompose(
            urls -> {
              List<CompletableFuture<List<TranscodeJobStatus>>> reads = new ArrayList<>();
              for (String url : urls) {
                reads.add(
                    calls.call(() -> calls.transcoder(url, token).jobs()).exceptionally(t -> null));
              }
              return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                  .thenApply(
                      done -> {
                        List<List<TranscodeJobStatus>> answers = new ArrayList<>();
                        List<String> answered = new ArrayList<>();
                        for (int i = 0; i < reads.size(); i++) {
                          List<TranscodeJobStatus> a = reads.get(i).join();
                          if (a != null) {
                            answers.add(a);
                            answered.add(urls.get(i));
                          }
                        }
                        return TranscoderView.merge(
                            profile, answered, answers, urls.size() - answered.size());
                      });
            });
  }
}
