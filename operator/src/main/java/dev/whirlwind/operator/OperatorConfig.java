package dev.whirlwind.operator;

import dev.whirlwind.protocol.config.Checks;
import dev.whirlwind.protocol.config.Doc;
import dev.whirlwind.protocol.config.ValidatedConfig;
import java.util.List;

/** Configuration of the operator itself; loaded like every daemon's (DESIGN.md). */
public record OperatorConfig(
    Images images,
    @Doc("Port of /healthz, /readyz and /metrics.") int healthPort,
    @Doc(
            "Port of the read-only console: the page with every catalog's videos, players and"
                + " charts, and its API (kubectl port-forward); 0 turns it off.")
        int consolePort,
    @Doc("Namespaces to watch; empty watches all.") List<String> namespaces,
    @Doc("Reconciles run at once.") int reconcileThreads,
    @Doc(
            "Refuse to start unless the cluster's Whirlwind CRDs are the ones this operator was"
                + " built with.")
        boolean crdCheck,
    LeaderElection leaderElection,
    Daemons daemons,
    Catalogs catalogs,
    Scheduler scheduler,
    Transcoders transcoders,
    NetworkPolicies networkPolicies)
    implements ValidatedConfig {

  /** Container images of the daemons, used where a resource does not name its own. */
  public record Images(
      @Doc("Image of cache daemons.") String cache,
      @Doc("Image of tracker daemons.") String tracker,
      @Doc("Image of transcoder daemons.") String transcoder,
      @Doc("Pull policy of daemon images: IfNotPresent, Always or Never.") String pullPolicy) {}

  /** Only one operator replica reconciles at a time. */
  public record LeaderElection(
      @Doc("Elect a leader through a Lease before reconciling.") boolean enabled,
      @Doc("Name of the Lease.") String leaseName,
      @Doc("Namespace of the Lease; the operator's own (POD_NAMESPACE) when empty.")
          String leaseNamespace) {}

  /** How the operator talks to the daemons. */
  public record Daemons(
      @Doc("Seconds one call to a daemon may take before it counts as unreachable.")
          int timeoutSeconds,
      @Doc("Calls to daemons in flight at once, over all reconciles and the scheduler.")
          int concurrency) {}

  /** How catalogs are driven. */
  public record Catalogs(
      @Doc("Seconds between reconciles of a catalog that is not Ready yet.") int progressSeconds,
      @Doc("Seconds between reconciles of a Ready catalog (to repair what caches lost).")
          int readySeconds,
      @Doc("Seconds before a failed download or transcode is ordered again.")
          int retryFailedSeconds,
      @Doc("Orders one reconcile of a catalog sends at most; the rest follow next time.")
          int maxActionsPerReconcile) {}

  /** The cloud bandwidth scheduler (DESIGN.md "Cloud bandwidth scheduling"). */
  public record Scheduler(
      @Doc("Run the scheduler loop (leader only).") boolean enabled,
      @Doc("A leecher's download capacity, bytes per second: where more bandwidth stops helping.")
          long perLeecherCapacityBytesPerSecond,
      @Doc("Samples kept per swarm for its model fit.") int fitWindow,
      @Doc("Fewer samples than this and a swarm gets the pool's pooled model.") int fitMinSamples,
      @Doc(
              "How a pool's bandwidth is divided: exact (the model's optimum) or equal-split (the"
                  + " naive baseline, for comparing the two on real swarms).")
          String solver) {
    public static final String EXACT = "exact";
    public static final String EQUAL_SPLIT = "equal-split";
  }

  /** Transcoder pods. */
  public record Transcoders(
      @Doc(
              "Seconds a GPU pod of an auto profile may stay unschedulable before CPU pods replace it.")
          int gpuUnschedulableSeconds) {}

  /**
   * NetworkPolicies the operator gives its daemons' pods: client ports open, admin ports only to
   * the operator, the namespaces that scrape metrics and (for caches and trackers, which the other
   * daemons call) the namespace's Whirlwind pods.
   */
  public record NetworkPolicies(
      @Doc(
              "Give the pods of every pool, catalog and profile a NetworkPolicy that closes their"
                  + " admin ports (the chart's networkPolicy.enabled).")
          boolean enabled,
      @Doc("Namespace of the operator's pods, the ones let in (the chart sets it).")
          String operatorNamespace,
      @Doc("Namespaces whose pods may also reach those ports, for /metrics (Prometheus).")
          List<String> metricsNamespaces) {}

  public static final String VERSION = "0.1.0";

  public static OperatorConfig defaults() {
    return new OperatorConfig(
        new Images(
            "ghcr.io/whirlwind-dev/cache-daemon:" + VERSION,
            "ghcr.io/whirlwind-dev/tracker-daemon:" + VERSION,
            "ghcr.io/whirlwind-dev/transcoder-daemon:" + VERSION,
            "IfNotPresent"),
        8081,
        8090,
        List.of(),
        4,
        true,
        new LeaderElection(true, "whirlwind-operator", ""),
        new Daemons(5, 16),
        new Catalogs(5, 60, 300, 200),
        new Scheduler(true, 2_500_000, 48, 8, Scheduler.EXACT),
        new Transcoders(300),
        new NetworkPolicies(false, "", List.of()));
  }

  /** The same configuration with other catalog, scheduler and transcoder settings (tests). */
  public OperatorConfig with(
      Catalogs catalogs, Scheduler scheduler, Transcoders transcoders, boolean leaderElection) {
    return new OperatorConfig(
        images,
        healthPort,
        consolePort,
        namespaces,
        reconcileThreads,
        crdCheck,
        new LeaderElection(
            leaderElection, this.leaderElection.leaseName(), this.leaderElection.leaseNamespace()),
        daemons,
        catalogs,
        scheduler,
        transcoders,
        networkPolicies);
  }

  /** The same configuration with other NetworkPolicy settings (tests). */
  public OperatorConfig with(NetworkPolicies policies) {
    return new OperatorConfig(
        images,
        healthPort,
        consolePort,
        namespaces,
        reconcileThreads,
        crdCheck,
        leaderElection,
        daemons,
        catalogs,
        scheduler,
        transcoders,
        policies);
  }

  @Override
  public void validate() {
    Checks.notBlank("images.cache", images.cache());
    Checks.notBlank("images.tracker", images.tracker());
    Checks.notBlank("images.transcoder", images.transcoder());
    Checks.oneOf(
        "images.pullPolicy", images.pullPolicy(), List.of("IfNotPresent", "Always", "Never"));
    Checks.range("healthPort", healthPort, 0, 65535);
    Checks.range("consolePort", consolePort, 0, 65535);
    Checks.range("reconcileThreads", reconcileThreads, 1, 64);
    if (networkPolicies.enabled()) {
      Checks.notBlank("networkPolicies.operatorNamespace", networkPolicies.operatorNamespace());
    }
    if (leaderElection.enabled()) {
      Checks.notBlank("leaderElection.leaseName", leaderElection.leaseName());
    }
    Checks.range("daemons.timeoutSeconds", daemons.timeoutSeconds(), 1, 300);
    Checks.range("daemons.concurrency", daemons.concurrency(), 1, 1024);
    Checks.range("catalogs.progressSeconds", catalogs.progressSeconds(), 1, 3600);
    Checks.range("catalogs.readySeconds", catalogs.readySeconds(), 1, 86400);
    Checks.range("catalogs.retryFailedSeconds", catalogs.retryFailedSeconds(), 1, 86400);
    Checks.range("catalogs.maxActionsPerReconcile", catalogs.maxActionsPerReconcile(), 1, 100000);
    Checks.range(
        "scheduler.perLeecherCapacityBytesPerSecond",
        scheduler.perLeecherCapacityBytesPerSecond(),
        16384,
        Long.MAX_VALUE);
    Checks.range("scheduler.fitMinSamples", scheduler.fitMinSamples(), 4, 10000);
    Checks.range("scheduler.fitWindow", scheduler.fitWindow(), scheduler.fitMinSamples(), 100000);
    Checks.oneOf(
        "scheduler.solver", scheduler.solver(), List.of(Scheduler.EXACT, Scheduler.EQUAL_SPLIT));
    Checks.range(
        "transcoders.gpuUnschedulableSeconds", transcoders.gpuUnschedulableSeconds(), 0, 86400);
  }
}
