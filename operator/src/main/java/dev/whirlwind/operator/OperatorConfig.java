package dev.whirlwind.operator;

import dev.whirlwind.protocol.config.Checks;
import dev.whirlwind.protocol.config.Doc;
import dev.whirlwind.protocol.config.ValidatedConfig;
import java.util.List;

/** Configuration of the operator itself; loaded like every daemon's (DESIGN.md). */
public record OperatorConfig(
    Images images,
    @Doc("Port of /healthz, /readyz and /metrics.") int healthPort,
    @Doc("Namespaces to watch; empty watches all.") List<String> namespaces,
    @Doc("Reconciles run at once.") int reconcileThreads,
    LeaderElection leaderElection)
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

  public static final String VERSION = "0.1.0";

  public static OperatorConfig defaults() {
    return new OperatorConfig(
        new Images(
            "ghcr.io/whirlwind-dev/cache-daemon:" + VERSION,
            "ghcr.io/whirlwind-dev/tracker-daemon:" + VERSION,
            "ghcr.io/whirlwind-dev/transcoder-daemon:" + VERSION,
            "IfNotPresent"),
        8081,
        List.of(),
        4,
        new LeaderElection(true, "whirlwind-operator", ""));
  }

  @Override
  public void validate() {
    Checks.notBlank("images.cache", images.cache());
    Checks.notBlank("images.tracker", images.tracker());
    Checks.notBlank("images.transcoder", images.transcoder());
    Checks.oneOf(
        "images.pullPolicy", images.pullPolicy(), List.of("IfNotPresent", "Always", "Never"));
    Checks.range("healthPort", healthPort, 0, 65535);
    Checks.range("reconcileThreads", reconcileThreads, 1, 64);
    if (leaderElection.enabled()) {
      Checks.notBlank("leaderElection.leaseName", leaderElection.leaseName());
    }
  }
}
