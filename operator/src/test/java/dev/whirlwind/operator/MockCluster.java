package dev.whirlwind.operator;

import dev.whirlwind.operator.locate.DaemonLocator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the API-tier tests share: a fresh namespace per test in the mock API server (resources of
 * earlier tests stay in theirs), and the operator started against it without leader election.
 */
public final class MockCluster {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private MockCluster() {}

  public static String namespace(KubernetesClient client, String prefix) {
    String ns = prefix + "-" + NAMESPACES.incrementAndGet();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    return ns;
  }

  /** The operator with {@code config}'s settings, leader election off, started. */
  public static WhirlwindOperator operator(
      KubernetesClient client,
      OperatorConfig config,
      DaemonLocator locator,
      MeterRegistry registry) {
    WhirlwindOperator o =
        WhirlwindOperator.create(
            client,
            config.with(config.catalogs(), config.scheduler(), config.transcoders(), false),
            locator,
            registry,
            Clock.systemUTC(),
            () -> {});
    o.start();
    return o;
  }
}
