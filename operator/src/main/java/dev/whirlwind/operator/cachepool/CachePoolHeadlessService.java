package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Gives every cache node a stable DNS name; trackers hand these out as web seeds. Not-ready nodes
 * are published too, so a node keeps its name while it restarts.
 */
public class CachePoolHeadlessService extends OwnedDependent<Service, CachePool, PoolInputs> {
  public CachePoolHeadlessService(BiFunction<CachePool, Context<CachePool>, PoolInputs> inputs) {
    super(Service.class, inputs);
  }

  @Override
  public Service render(CachePool pool, PoolInputs inputs) {
    CachePoolNames names = CachePoolNames.of(pool);
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(names.headlessService())
        .withNamespace(names.namespace())
        .withLabels(Labels.of(CachePoolNames.DAEMON, names.pool(), CachePoolNames.COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withClusterIP("None")
        .withClusterIPs("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(Labels.selector(CachePoolNames.DAEMON, names.pool()))
        .withSessionAffinity("None")
        .withIpFamilyPolicy("SingleStack")
        .withInternalTrafficPolicy("Cluster")
        .withPorts(
            List.of(
                new io.fabric8.kubernetes.api.model.ServicePortBuilder()
                    .withName("http")
                    .withPort(CachePoolNames.HTTP_PORT)
                    .withTargetPort(new IntOrString("http"))
                    .withProtocol("TCP")
                    .build(),
                // The operator and the transcoders call each node's admin API by its name.
                new io.fabric8.kubernetes.api.model.ServicePortBuilder()
                    .withName("admin")
                    .withPort(CachePoolNames.ADMIN_PORT)
                    .withTargetPort(new IntOrString("admin"))
                    .withProtocol("TCP")
                    .build()))
        .endSpec()
        .build();
  }
}
