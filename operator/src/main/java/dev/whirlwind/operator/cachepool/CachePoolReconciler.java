package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.kube.DependentEvents;
import dev.whirlwind.operator.kube.EventRecorder;
import dev.whirlwind.operator.kube.OwnedDependent;
import dev.whirlwind.operator.locate.DaemonLocator;
import dev.whirlwind.operator.scheduling.AllocationBoard;
import dev.whirlwind.operator.scheduling.PoolRegistry;
import dev.whirlwind.operator.security.AdminTokenSecret;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reconciles a {@link CachePool}: observe the existing StatefulSet, refuse what the cluster cannot
 * apply, reconcile the owned objects in dependency order, then record status, the scheduler's last
 * allocation included.
 *
 * <p>The dependents are invoked explicitly rather than as a managed workflow so that a refused
 * change (a storage shrink or class change) leaves every owned object as it was. The catalogs that
 * name the pool are watched: their trackers are what the nodes register with.
 */
@ControllerConfiguration(name = "cachepool")
public class CachePoolReconciler implements Reconciler<CachePool> {
  private final OperatorConfig config;
  private final DaemonLocator locator;
  private final PoolRegistry registry;
  private final AllocationBoard board;
  private final AdminTokenSecret<CachePool> secret = new AdminTokenSecret<>();
  private final List<OwnedDependent<? extends HasMetadata, CachePool, PoolInputs>> dependents;
  private final CachePoolStatefulSet statefulSet;
  private final CachePoolStatusRecorder status;
  private final EventRecorder events;
  private final SimpleInboundEventSource<CachePool> rounds =
      new SimpleInboundEventSource<>("rounds");
  private InformerEventSource<VideoCatalog, CachePool> catalogs;

  public CachePoolReconciler(
      OperatorConfig config,
      DaemonLocator locator,
      EventRecorder events,
      Clock clock,
      PoolRegistry registry,
      AllocationBoard board) {
    this.config = config;
    this.locator = locator;
    this.events = events;
    this.registry = registry;
    this.board = board;
    this.dependents =
        CachePoolObjects.dependents((p, c) -> inputs(p), events, config.networkPolicies());
    this.statefulSet =
        (CachePoolStatefulSet)
            dependents.stream()
                .filter(d -> d instanceof CachePoolStatefulSet)
                .findFirst()
                .orElseThrow();
    this.status = new CachePoolStatusRecorder(events, clock);
    board.onRound((ns, pool) -> rounds.propagateEvent(new ResourceID(pool, ns)));
  }

  /** The images, and the shards' admin APIs of every catalog naming the pool (catalogs by name). */
  PoolInputs inputs(CachePool pool) {
    String ns = pool.getMetadata().getNamespace();
    List<List<String>> trackers = new ArrayList<>();
    if (catalogs != null) {
      catalogs
          .list(
              ns,
              c ->
                  c.getSpec() != null && pool.getMetadata().getName().equals(c.getSpec().cachePool))
          .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
          .forEach(
              c ->
                  trackers.add(
                      locator.trackerShardAdminUrls(
                          ns, c.getMetadata().getName(), c.getSpec().trackers.shards)));
    }
    return new PoolInputs(config.images(), trackers);
  }

  @Override
  public List<EventSource<?, CachePool>> prepareEventSources(
      EventSourceContext<CachePool> context) {
    List<KubernetesDependentResource<? extends HasMetadata, CachePool>> all = new ArrayList<>();
    all.add(secret);
    all.addAll(dependents);
    List<EventSource<?, CachePool>> sources =
        new ArrayList<>(
            EventSourceUtils.dependentEventSources(
                context, all.toArray(KubernetesDependentResource[]::new)));
    catalogs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(VideoCatalog.class, CachePool.class)
                .withName("videocatalogs")
                .withSecondaryToPrimaryMapper(
                    c ->
                        c.getSpec() == null
                            ? Set.of()
                            : Set.of(
                                new ResourceID(
                                    c.getSpec().cachePool, c.getMetadata().getNamespace())))
                .build(),
            context);
    sources.add(catalogs);
    sources.add(rounds);
    return sources;
  }

  @Override
  public UpdateControl<CachePool> reconcile(CachePool pool, Context<CachePool> context) {
    StatefulSet existing = statefulSet.getSecondaryResource(pool, context).orElse(null);
    StorageChange change = StorageChange.between(existing, pool);
    if (change.refusalReason() != null) {
      return status.refused(pool, existing, change.refusalReason(), change.refusalMessage());
    }
    DependentEvents.reconcile(events, pool, context, secret);
    for (var dependent : dependents) {
      DependentEvents.reconcile(events, pool, context, dependent);
    }
    String ns = pool.getMetadata().getNamespace();
    registry.pool(
        new PoolRegistry.Pool(
            ns + "/" + pool.getMetadata().getName(),
            ns,
            pool.getMetadata().getName(),
            pool.getSpec().replicas,
            pool.getSpec().bandwidthBytesPerSecond));
    secret
        .getSecondaryResource(pool, context)
        .map(AdminTokenSecret::token)
        .ifPresent(t -> registry.token(ns, t));
    StatefulSet current = statefulSet.getSecondaryResource(pool, context).orElse(existing);
    return status
        .reconciled(pool, current, board.latest(ns, pool.getMetadata().getName()).orElse(null))
        .rescheduleAfter(config.catalogs().readySeconds(), TimeUnit.SECONDS);
  }

  @Override
  public ErrorStatusUpdateControl<CachePool> updateErrorStatus(
      CachePool pool, Context<CachePool> context, Exception e) {
    return status.failed(pool, e);
  }
}
