package dev.whirlwind.operator;

import dev.whirlwind.operator.cachepool.CachePoolReconciler;
import dev.whirlwind.operator.kube.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;

/**
 * Builds the JOSDK operator with its one patch strategy (see {@link
 * dev.whirlwind.operator.kube.OwnedDependent}); tests and production go through here alike.
 */
public final class WhirlwindOperator {
  private WhirlwindOperator() {}

  public static Operator create(
      KubernetesClient client, OperatorConfig config, MeterRegistry registry, Clock clock) {
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
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(config.leaderElection().leaseName(), ns));
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
