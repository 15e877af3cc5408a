package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.function.BiFunction;

/** Load-balances plain HTTP clients and the operator's admin calls over ready cache nodes. */
public class CachePoolClientService extends OwnedDependent<Service, CachePool, PoolInputs> {
  public CachePoolClientService(BiFunction<CachePool, Context<CachePool>, PoolInputs> inputs) {
    super(Service.class, inputs);
  }

  @Override
  public Service render(CachePool pool, PoolInputs inputs) {
    CachePoolNames names = CachePoolNames.of(pool);
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(names.clientService())
        .withNamespace(names.namespace())
        .withLabels(Labels.of(CachePoolNames.DAEMON, names.pool(), CachePoolNames.COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(CachePoolNames.DAEMON, names.pool()))
        .withSessionAffinity("None")
        .withIpFamilyPolicy("SingleStack")
        .withInternalTrafficPolicy("Cluster")
        .withPorts(
            new ServicePortBuilder()
                .withName("http")
                .withPort(CachePoolNames.HTTP_PORT)
                .withTargetPort(new IntOrString("http"))
                .withProtocol("TCP")
                .build())
        .endSpec()
        .build();
  }
}
