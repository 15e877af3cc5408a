package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.daemons.DaemonCalls;
import dev.whirlwind.operator.kube.DependentEvents;
import dev.whirlwind.operator.kube.EventRecorder;
import dev.whirlwind.operator.kube.OwnedDependent;
import dev.whirlwind.operator.locate.DaemonLocator;
import dev.whirlwind.operator.scheduling.PoolRegistry;
import dev.whirlwind.operator.security.AdminTokenSecret;
import dev.whirlwind.operator.tracker.CatalogInputs;
import dev.whirlwind.operator.tracker.TrackerObjects;
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
import java.util.ArrayList;
import java.util.List;
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
  private final EventRecorder events;
  private final PoolRegistry registry;
  private final CatalogDriver driver;
  private final CatalogStatusRecorder status;
  private final CatalogMetrics metrics;
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
      PoolRegistry registry,
      CatalogMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.events = events;
    this.registry = registry;
    this.driver = new CatalogDriver(config.catalogs(), locator, calls, clock);
    this.status = new CatalogStatusRecorder(events, clock);
    this.trackers = TrackerObjects.dependents((c, ctx) -> inputs(c), config.networkPolicies());
  }

  /** What the tracker objects are rendered from: the images and where each shard is. */
  CatalogInputs inputs(VideoCatalog catalog) {
    return new CatalogInputs(config.images(), shardUrls(catalog));
  }

  private List<String> shardUrls(VideoCatalog c) {
    return driver.shardUrls(c);
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
                            c -> CatalogDriver.profileNames(c).contains(p.getMetadata().getName())))
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
    List<VideoCatalog> samePool =
        context
            .getPrimaryCache()
            .list(
                ns,
                c ->
                    c.getSpec() != null
                        && catalog.getSpec().cachePool.equals(c.getSpec().cachePool))
            .toList();
    CatalogDriver.Round round =
        driver.run(
            catalog,
            pool,
            name -> profiles.get(new ResourceID(name, ns)).orElse(null),
            samePool,
            token);
    if (pool == null) {
      registry.removeCatalog(CatalogDriver.key(catalog));
    } else {
      registry.catalog(driver.schedule(catalog));
    }
    UpdateControl<VideoCatalog> control =
        status.reconciled(catalog, round.context(), round.plan(), round.act());
    metrics.recorded(
        ns,
        catalog.getMetadata().getName(),
        control.getResource().map(VideoCatalog::getStatus).orElse(catalog.getStatus()));
    return reschedule(control, round.ready());
  }

  private UpdateControl<VideoCatalog> reschedule(
      UpdateControl<VideoCatalog> control, boolean ready) {
    return control.rescheduleAfter(
        ready ? config.catalogs().readySeconds() : config.catalogs().progressSeconds(),
        TimeUnit.SECONDS);
  }

  @Override
  public ErrorStatusUpdateControl<VideoCatalog> updateErrorStatus(
      VideoCatalog catalog, Context<VideoCatalog> context, Exception e) {
    LOG.warn("reconciling catalog {} failed", CatalogDriver.key(catalog), e);
    return status.failed(catalog, e);
  }
}
