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
import dev.whirlwind.operator.kube.DependentEvents;
import dev.whirlwind.operator.kube.EventRecorder;
import dev.whirlwind.operator.kube.OwnedDependent;
import dev.whirlwind.operator.locate.DaemonLocator;
import dev.whirlwind.operator.scheduling.PoolRegistry;
import dev.whirlwind.operator.security.AdminTokenSecret;
import dev.whirlwind.operator.tracker.CatalogInputs;
import dev.whirlwind.operator.tracker.TrackerObjects;
import dev.whirlwind.operator.transcoder.RenditionProfiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a {@link VideoCatalog}: its tracker objects first (dependents with pure renders), then
 * the videos: observe (one read per daemon) → plan ({@link CatalogPlanner}, pure) → act (idempotent
 * keyed calls) → status, again every few seconds until the catalog is Ready and every minute after
 * that, so that what a cache loses is made good. A deleted catalog's trackers go with their owner
 * references; its videos stay on the caches until eviction takes them (no finalizer holds the
 * deletion up while caches are unreachable).
 */
@ControllerConfiguration(name = "videocatalog")
public class VideoCatalogReconciler implements Reconciler<VideoCatalog> {
  private static final Logger LOG = LoggerFactory.getLogger(VideoCatalogReconciler.class);

  private final OperatorConfig config;
  private final DaemonLocator locator;
  private final EventRecorder events;
  private final Clock clock;
  private final DaemonCalls calls;
  private final PoolRegistry registry;
  private final CatalogObserver observer;
  private final CatalogActor actor;
  private final CatalogStatusRecorder status;
  private final AdminTokenSecret<VideoCatalog> secret = new AdminTokenSecret<>();
  private final List<OwnedDependent<? extends HasMetadata, VideoCatalog, CatalogInputs>> trackers;
  private InformerEventSource<CachePool, VideoCatalog> pools;
  private InformerEventSource<TranscodeProfile, VideoCatalog> profiles;

  public VideoCatalogReconciler(
      OperatorConfig config,
      DaemonLocator locator,
      EventRecorder events,
      Clock clock,
      DaemonCalls calls,
      PoolRegistry registry) {
    this.config = config;
    this.locator = locator;
    this.events = events;
    this.clock = clock;
    this.calls = calls;
    this.registry = registry;
    this.observer = new CatalogObserver(calls, locator);
    this.actor = new CatalogActor(calls, config.catalogs().maxActionsPerReconcile());
    this.status = new CatalogStatusRecorder(events, clock);
    this.trackers = TrackerObjects.dependents((c, ctx) -> inputs(c));
  }

  /** What the tracker objects are rendered from: the images and where each shard is. */
  CatalogInputs inputs(VideoCatalog catalog) {
    return new CatalogInputs(config.images(), shardUrls(catalog));
  }

  private List<String> shardUrls(VideoCatalog c) {
    return locator.trackerShards(
        c.getMetadata().getNamespace(), c.getMetadata().getName(), c.getSpec().trackers.shards);
  }

  @Override
  public List<EventSource<?, VideoCatalog>> prepareEventSources(
      EventSourceContext<VideoCatalog> context) {
    List<KubernetesDependentResource<? extends HasMetadata, VideoCatalog>> dependents =
        new ArrayList<>();
    dependents.add(secret);
    dependents.addAll(trackers);
    List<EventSource<?, VideoCatalog>> sources =
        new ArrayList<>(
            EventSourceUtils.dependentEventSources(
                context, dependents.toArray(KubernetesDependentResource[]::new)));
    // A pool or profile that appears, changes or goes makes the catalogs naming it reconcile.
    pools =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(CachePool.class, VideoCatalog.class)
                .withName("cachepools")
                .withSecondaryToPrimaryMapper(
                    p ->
                        catalogsNaming(
                            context,
                            p.getMetadata().getNamespace(),
                            c -> p.getMetadata().getName().equals(c.getSpec().cachePool)))
                .build(),
            context);
    profiles =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(TranscodeProfile.class, VideoCatalog.class)
                .withName("transcodeprofiles")
                .withSecondaryToPrimaryMapper(
                    p ->
                        catalogsNaming(
                            context,
                            p.getMetadata().getNamespace(),
                            c -> profileNames(c).contains(p.getMetadata().getName())))
                .build(),
            context);
    sources.add(pools);
    sources.add(profiles);
    return sources;
  }

  private static Set<ResourceID> catalogsNaming(
      EventSourceContext<VideoCatalog> context,
      String namespace,
      java.util.function.Predicate<VideoCatalog> names) {
    return context
        .getPrimaryCache()
        .list(namespace, c -> c.getSpec() != null && names.test(c))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** Every profile the catalog or one of its videos names. */
  static Set<String> profileNames(VideoCatalog c) {
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

  @Override
  public UpdateControl<VideoCatalog> reconcile(
      VideoCatalog catalog, Context<VideoCatalog> context) {
    String ns = catalog.getMetadata().getNamespace();
    DependentEvents.reconcile(events, catalog, context, secret);
    for (var d : trackers) {
      DependentEvents.reconcile(events, catalog, context, d);
    }
    String token =
        secret.getSecondaryResource(catalog, context).map(AdminTokenSecret::token).orElse(null);
    if (token == null) {
      return reschedule(
          status.waiting(
              catalog,
              "WaitingForAdminToken",
              "the namespace's admin-token Secret has no token yet"),
          false);
    }
    registry.token(ns, token);
    CachePool pool = pools.get(new ResourceID(catalog.getSpec().cachePool, ns)).orElse(null);
    CatalogContext ctx = context(catalog, pool, context);
    int caches = pool == null ? 0 : pool.getSpec().replicas;
    CatalogObservation obs =
        observer.observe(
            ns,
            catalog.getMetadata().getName(),
            catalog.getSpec().trackers.shards,
            catalog.getSpec().cachePool,
            caches,
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
    if (pool == null) {
      registry.removeCatalog(key(catalog));
    } else {
      registry.catalog(
          new PoolRegistry.Catalog(
              key(catalog),
              ns + "/" + pool.getMetadata().getName(),
              ctx.shardUrls(),
              catalog.getSpec().scheduling.intervalSeconds,
              catalog.getSpec().scheduling.basicRateBytesPerSecond,
              catalog.getSpec().scheduling.ditherPercent));
    }
    boolean ready = plan.videos().stream().allMatch(v -> v.phase == VideoPhase.Ready);
    return reschedule(status.reconciled(catalog, ctx, plan, act), ready);
  }

  private UpdateControl<VideoCatalog> reschedule(
      UpdateControl<VideoCatalog> control, boolean ready) {
    return control.rescheduleAfter(
        ready ? config.catalogs().readySeconds() : config.catalogs().progressSeconds(),
        TimeUnit.SECONDS);
  }

  private CatalogContext context(
      VideoCatalog catalog, CachePool pool, Context<VideoCatalog> context) {
    String ns = catalog.getMetadata().getNamespace();
    Map<String, ProfileRef> refs = new LinkedHashMap<>();
    for (String name : profileNames(catalog)) {
      TranscodeProfile p = profiles.get(new ResourceID(name, ns)).orElse(null);
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
    return new CatalogContext(
        ns,
        catalog.getMetadata().getName(),
        catalog.getSpec(),
        pool != null,
        refs,
        shardUrls(catalog),
        catalog.getStatus(),
        neededElsewhere(catalog, context),
        clock.instant(),
        Duration.ofSeconds(config.catalogs().retryFailedSeconds()));
  }

  /** What the other catalogs of the same pool hold: never purged by this one. */
  private static Set<String> neededElsewhere(VideoCatalog catalog, Context<VideoCatalog> context) {
    Set<String> out = new LinkedHashSet<>();
    context
        .getPrimaryCache()
        .list(
            catalog.getMetadata().getNamespace(),
            c ->
                !c.getMetadata().getName().equals(catalog.getMetadata().getName())
                    && c.getSpec() != null
                    && catalog.getSpec().cachePool.equals(c.getSpec().cachePool))
        .forEach(c -> out.addAll(contentsOf(c)));
    return out;
  }

  /** Every content a catalog's spec and status name: sources and renditions. */
  static Set<String> contentsOf(VideoCatalog c) {
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

  static String key(VideoCatalog c) {
    return c.getMetadata().getNamespace() + "/" + c.getMetadata().getName();
  }

  @Override
  public ErrorStatusUpdateControl<VideoCatalog> updateErrorStatus(
      VideoCatalog catalog, Context<VideoCatalog> context, Exception e) {
    LOG.warn("reconciling catalog {} failed", key(catalog), e);
    return status.failed(catalog, e);
  }
}
