package dev.whirlwind.operator;

import dev.whirlwind.operator.cachepool.CachePoolReconciler;
import dev.whirlwind.operator.kube.EventRecorder;
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
 * Builds the JOSDK operator with its one patch strategy (see {@link
 * dev.whirlwind.operator.kube.OwnedDependent}); tests and production go through here alike.
 */
public final class WhirlwindOperator {
  private WhirlwindOperator() {}

  /**
   * @param onLostLeadership called when another replica took the lease while this one still ran;
   *     the process should exit so that no two operators reconcile at once
   */
  public static Operator create(
      KubernetesClient client,
      OperatorConfig config,
      MeterRegistry registry,
      Clock clock,
      Runnable onLostLeadership) {
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
                        new LeaderCallbacks(() -> {}, onLostLeadership, leader -> {}),
                        false));
              }
            });
    EventRecorder events = new EventRecorder(client, clock);
    operator.register(
        new CachePoolReconciler(config, events, clock),
        c -> {
          if (!config.namespaces().isEmpty()) {
            c.settingNamespaces(Set.copyOf(config.namespaces()));
          }
        });
    return operator;
  }
}
