package dev.whirlwind.operator.catalog;

import dev.whirlwind.operator.daemons.DaemonCalls;
import dev.whirlwind.protocol.content.ContentId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The act step of a catalog's reconcile: the plan's calls, at most a bounded number per reconcile
 * (the rest follow at the next one), all at once on the shared pool. A call that fails is reported,
 * never thrown: every call is idempotent and the next reconcile plans it again if still due.
 */
public final class CatalogActor {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogActor.class);

  /**
   * @param sent calls that succeeded
   * @param deferred calls left for the next reconcile (over the bound)
   * @param failures the calls that failed, in words
   */
  public record Result(int sent, int deferred, List<String> failures) {}

  private final DaemonCalls calls;
  private final int maxActions;

  public CatalogActor(DaemonCalls calls, int maxActions) {
    this.calls = calls;
    this.maxActions = maxActions;
  }

  /**
   * @param caches the base URL of each cache by ordinal (null where unknown)
   * @param shards the base URL of each shard by index
   */
  public Result act(
      String catalog,
      List<CatalogAction> actions,
      List<String> caches,
      List<String> shards,
      String token) {
    List<CatalogAction> now = actions.subList(0, Math.min(actions.size(), maxActions));
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (CatalogAction a : now) {
      results.add(
          calls
              .call(() -> send(a, caches, shards, token))
              .handle((ok, t) -> t == null ? null : describe(a) + ": " + DaemonCalls.describe(t)));
    }
    List<String> failures = new ArrayList<>();
    for (CompletableFuture<String> r : results) {
      String failure = r.join();
      if (failure != null) {
        failures.add(failure);
      }
    }
    if (!failures.isEmpty()) {
      LOG.warn(
          "catalog {}: {} of {} calls failed, first: {}",
          catalog,
          failures.size(),
          now.size(),
          failures.get(0));
    }
    return new Result(now.size() - failures.size(), actions.size() - now.size(), failures);
  }

  private Void send(CatalogAction a, List<String> caches, List<String> shards, String token)
      throws Exception {
    if (a instanceof CatalogAction.Download d) {
      calls.cache(caches.get(d.cache()), token).order(d.order());
    } else if (a instanceof CatalogAction.Pin p) {
      calls.cache(caches.get(p.cache()), token).pin(new ContentId(p.contentId()), p.pinned());
    } else if (a instanceof CatalogAction.Delete d) {
      calls.cache(caches.get(d.cache()), token).delete(new ContentId(d.contentId()));
    } else if (a instanceof CatalogAction.Cancel c) {
      calls.cache(caches.get(c.cache()), token).cancel(c.orderId());
    } else if (a instanceof CatalogAction.Transcode t) {
      calls
          .transcoder(t.transcoderUrl(), token)
          .submit(t.request().withAdminAddresses(calls::adminUrl));
    } else if (a instanceof CatalogAction.Register r) {
      calls
          .trackers(List.of(shards.get(r.shard())), token)
          .register(new ContentId(r.contentId()), r.registration());
    } else if (a instanceof CatalogAction.Purge p) {
      calls.trackers(List.of(shards.get(p.shard())), token).purge(new ContentId(p.contentId()));
    }
    return null;
  }

  static String describe(CatalogAction a) {
    if (a instanceof CatalogAction.Download d) {
      return "order " + (d.order().key() == null ? "" : d.order().key()) + " to cache " + d.cache();
    } else if (a instanceof CatalogAction.Pin p) {
      return (p.pinned() ? "pin " : "unpin ") + p.contentId() + " on cache " + p.cache();
    } else if (a instanceof CatalogAction.Delete d) {
      return "delete " + d.contentId() + " from cache " + d.cache();
    } else if (a instanceof CatalogAction.Cancel c) {
      return "cancel order " + c.orderId() + " on cache " + c.cache();
    } else if (a instanceof CatalogAction.Transcode t) {
      return "job " + t.request().sourceContentId() + " for " + t.profile();
    } else if (a instanceof CatalogAction.Register r) {
      return "register " + r.contentId() + " with shard " + r.shard();
    } else if (a instanceof CatalogAction.Purge p) {
      return "purge " + p.contentId() + " from shard " + p.shard();
    }
    return a.toString();
  }
}
