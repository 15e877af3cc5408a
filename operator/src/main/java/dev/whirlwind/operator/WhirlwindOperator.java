package dev.whirlwind.operator;

import dev.whirlwind.operator.cachepool.CachePoolReconciler;
import dev.whirlwind.operator.catalog.CatalogMetrics;
import dev.whirlwind.operator.catalog.CatalogObserver;
import dev.whirlwind.operator.catalog.VideoCatalogReconciler;
import dev.whirlwind.operator.daemons.DaemonCalls;
import dev.whirlwind.operator.kube.EventRecorder;
import dev.whirlwind.operator.kube.KubeEvents;
import dev.whirlwind.operator.locate.DaemonLocator;
import dev.whirlwind.operator.scheduling.AllocationBoard;
import dev.whirlwind.operator.scheduling.PoolRegistry;
import dev.whirlwind.operator.scheduling.SchedulerLoop;
import dev.whirlwind.operator.scheduling.SchedulerMetrics;
import dev.whirlwind.operator.transcoder.TranscodeProfileReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * The operator: JOSDK with its one patch strategy (see {@link
 * dev.whirlwind.operator.kube.OwnedDependent}), the three reconcilers, and the scheduler loop that
 * runs on the leader only. Tests and production are built here alike; only the {@link
 * DaemonLocator} differs (cluster DNS, or loopback addresses).
 */
public final class WhirlwindOperator implements AutoCloseable {
  private final Operator operator;
  private final SchedulerLoop scheduler;
  private final DaemonCalls calls;
  private final PoolRegistry pools;
  private final boolean electsLeader;

  private WhirlwindOperator(
      Operator operator,
      SchedulerLoop scheduler,
      DaemonCalls calls,
      PoolRegistry pools,
      boolean electsLeader) {
    this.pools = pools;
    this.operator = operator;
    this.scheduler = scheduler;
    this.calls = calls;
    this.electsLeader = electsLeader;
  }

  /**
   * @param onLostLeadership called when another replica took the lease while this one still ran;
   *     the process should exit so that no two operators reconcile at once
   */
  public static WhirlwindOperator create(
      KubernetesClient client,
      OperatorConfig config,
      DaemonLocator locator,
      MeterRegistry registry,
      Clock clock,
      Runnable onLostLeadership) {
    DaemonCalls calls =
        new DaemonCalls(
            Duration.ofSeconds(config.daemons().timeoutSeconds()),
            config.daemons().concurrency(),
            locator::adminUrl);
    PoolRegistry pools =
        new PoolRegistry(clock, Duration.ofSeconds(3L * config.catalogs().readySeconds()));
    AllocationBoard board = new AllocationBoard();
    SchedulerLoop scheduler =
        new SchedulerLoop(
            pools,
            board,
            calls,
            new CatalogObserver(calls, locator),
            config.scheduler(),
            clock,
            new SchedulerMetrics(registry));
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withConcurrentReconciliationThreads(config.reconcileThreads())
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              if (config.leaderElection().enabled()) {
                String ns = config.leaderElection().leaseNamespace();
                if (ns == null || ns.isBlank()) {
                  ns = System.getenv().getOrDefault("POD_NAMESPACE", client.getNamespace());
                }
                // JOSDK's own exit on lost leadership calls System.exit, which deadlocks when the
                // lease is released by our shutdown hook; the caller decides instead.
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        config.leaderElection().leaseName(),
                        ns,
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(2),
                        null,
                        new LeaderCallbacks(scheduler::start, onLostLeadership, leader -> {}),
                        false));
              }
            });
    EventRecorder events = new KubeEvents(client, clock);
    operator.register(
        new CachePoolReconciler(config, locator, events, clock, pools, board),
        c -> namespaces(c, config));
    operator.register(
        new VideoCatalogReconciler(
            config,
            locator,
            events,
            clock,
            calls,
            pools,
            new CatalogMetrics(
                registry, clock, Duration.ofSeconds(3L * config.catalogs().readySeconds()))),
        c -> namespaces(c, config));
    operator.register(
        new TranscodeProfileReconciler(config, events, clock), c -> namespaces(c, config));
    return new WhirlwindOperator(
        operator, scheduler, calls, pools, config.leaderElection().enabled());
  }

  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> void namespaces(
      io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<R> c,
      OperatorConfig config) {
    if (!config.namespaces().isEmpty()) {
      c.settingNamespaces(Set.copyOf(config.namespaces()));
    }
  }

  /** Starts reconciling; without leader election the scheduler loop starts at once too. */
  public void start() {
    operator.start();
    if (!electsLeader) {
      scheduler.start();
    }
  }

  public Operator operator() {
    return operator;
  }

  /** The pools and catalogs the leader's reconcilers saw, for the console's telemetry. */
  public PoolRegistry pools() {
    return pools;
  }

  /** The bounded calls to daemons every reconciler and the scheduler share. */
  public DaemonCalls calls() {
    return calls;
  }

  public SchedulerLoop scheduler() {
    return scheduler;
  }

  public void stop() {
    scheduler.close();
    operator.stop();
    calls.close();
  }

  @Override
  public void close() {
    stop();
  }
}
