package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.RenditionStatus;
import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.crds.v1alpha1.Video;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.crds.v1alpha1.VideoCatalogStatus;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.catalog.CatalogContext.ProfileRef;
import dev.whirlwind.operator.catalog.CatalogObservation.CacheView;
import dev.whirlwind.operator.daemons.DaemonCalls;
import dev.whirlwind.operator.locate.DaemonLocator;
import dev.whirlwind.operator.scheduling.PoolRegistry;
import dev.whirlwind.operator.transcoder.RenditionProfiles;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One round of a catalog's videos: observe (one read per daemon) → plan (pure) → act (idempotent
 * calls). The operator's reconciler runs it with what its informers hold; standalone mode with what
 * the manifest file says. Neither the round nor anything it calls knows which.
 */
public final class CatalogDriver {
  /** What a round saw, decided and did. */
  public record Round(CatalogContext context, CatalogPlan plan, CatalogActor.Result act) {
    public boolean ready() {
      return plan.videos().stream().allMatch(v -> v.phase == VideoPhase.Ready);
    }
  }

  private final OperatorConfig.Catalogs config;
  private final DaemonLocator locator;
  private final Clock clock;
  private final CatalogObserver observer;
  private final CatalogActor actor;

  public CatalogDriver(
      OperatorConfig.Catalogs config, DaemonLocator locator, DaemonCalls calls, Clock clock) {
    this.config = config;
    this.locator = locator;
    this.clock = clock;
    this.observer = new CatalogObserver(calls, locator);
    this.actor = new CatalogActor(calls, config.maxActionsPerReconcile());
  }

  /**
   * @param catalog the catalog with the status the last round left (it remembers removed videos)
   * @param pool the pool it names, or null when there is none
   * @param profiles the profiles of its namespace by name (null for a missing one)
   * @param samePool the other catalogs of the same pool: what they hold is never purged
   */
  public Round run(
      VideoCatalog catalog,
      CachePool pool,
      Function<String, TranscodeProfile> profiles,
      Collection<VideoCatalog> samePool,
      String token) {
    String ns = catalog.getMetadata().getNamespace();
    CatalogContext ctx = context(catalog, pool, profiles, samePool);
    CatalogObservation obs =
        observer.observe(
            ns,
            catalog.getMetadata().getName(),
            catalog.getSpec().trackers.shards,
            catalog.getSpec().cachePool,
            pool == null ? 0 : pool.getSpec().replicas,
            List.copyOf(profileNames(catalog)),
            token);
    CatalogPlan plan = CatalogPlanner.plan(ctx, obs);
    CatalogActor.Result act =
        actor.act(
            key(catalog),
            plan.actions(),
            obs.caches().stream().map(CacheView::baseUrl).toList(),
            ctx.shardUrls(),
            token);
    return new Round(ctx, plan, act);
  }

  /** What the scheduler needs of the catalog, for the registry it reads. */
  public PoolRegistry.Catalog schedule(VideoCatalog c) {
    return new PoolRegistry.Catalog(
        key(c),
        c.getMetadata().getNamespace() + "/" + c.getSpec().cachePool,
        shardUrls(c),
        c.getSpec().scheduling.intervalSeconds,
        c.getSpec().scheduling.basicRateBytesPerSecond,
        c.getSpec().scheduling.ditherPercent);
  }

  public List<String> shardUrls(VideoCatalog c) {
    return locator.trackerShards(
        c.getMetadata().getNamespace(), c.getMetadata().getName(), c.getSpec().trackers.shards);
  }

  private CatalogContext context(
      VideoCatalog catalog,
      CachePool pool,
      Function<String, TranscodeProfile> profiles,
      Collection<VideoCatalog> samePool) {
    Map<String, ProfileRef> refs = new LinkedHashMap<>();
    for (String name : profileNames(catalog)) {
      TranscodeProfile p = profiles.apply(name);
      if (p == null) {
        refs.put(name, ProfileRef.missing(name));
        continue;
      }
      try {
        refs.put(name, ProfileRef.found(name, RenditionProfiles.of(p)));
      } catch (IllegalArgumentException e) {
        refs.put(name, ProfileRef.invalid(name, e.getMessage()));
      }
    }
    Set<String> elsewhere = new LinkedHashSet<>();
    for (VideoCatalog other : samePool) {
      if (!key(other).equals(key(catalog))) {
        elsewhere.addAll(contentsOf(other));
      }
    }
    return new CatalogContext(
        catalog.getMetadata().getNamespace(),
        catalog.getMetadata().getName(),
        catalog.getSpec(),
        pool != null,
        refs,
        shardUrls(catalog),
        catalog.getStatus(),
        elsewhere,
        clock.instant(),
        Duration.ofSeconds(config.retryFailedSeconds()));
  }

  /** Every profile the catalog or one of its videos names. */
  public static Set<String> profileNames(VideoCatalog c) {
    Set<String> names = new LinkedHashSet<>();
    if (c.getSpec().profiles != null) {
      names.addAll(c.getSpec().profiles);
    }
    if (c.getSpec().videos != null) {
      for (Video v : c.getSpec().videos) {
        if (v.profiles != null) {
          names.addAll(v.profiles);
        }
      }
    }
    return names;
  }

  /** Every content a catalog's spec and status name: sources and renditions. */
  public static Set<String> contentsOf(VideoCatalog c) {
    Set<String> out = new LinkedHashSet<>();
    if (c.getSpec().videos != null) {
      for (Video v : c.getSpec().videos) {
        if (v.sha256 != null) {
          out.add(v.sha256);
        }
      }
    }
    VideoCatalogStatus s = c.getStatus();
    if (s != null && s.videos != null) {
      for (VideoStatus v : s.videos) {
        if (v.contentId != null) {
          out.add(v.contentId);
        }
        if (v.renditions != null) {
          for (RenditionStatus r : v.renditions) {
            if (r.contentId != null) {
              out.add(r.contentId);
            }
          }
        }
      }
    }
    return out;
  }

  public static String key(VideoCatalog c) {
    return c.getMetadata().getNamespace() + "/" + c.getMetadata().getName();
  }
}
