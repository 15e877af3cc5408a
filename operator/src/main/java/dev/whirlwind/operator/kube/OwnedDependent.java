package dev.whirlwind.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * An object the operator owns and keeps equal to its {@code desired()}.
 *
 * <p>Patch strategy, the same in tests and production: create, then update with optimistic locking
 * (a PUT carrying the observed resourceVersion), and JOSDK's generic matcher decides when an update
 * is due; it tolerates fields the server adds, and every field we set is in the form the server
 * stores. Server-side apply is not used because the Fabric8 mock API server, our API test tier,
 * implements neither it nor strategic merge (docs/OPERATOR.md).
 */
public abstract class OwnedDependent<R extends HasMetadata, P extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, P> {

  protected OwnedDependent(Class<R> type) {
    super(type);
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<R> informerConfigurationBuilder(
      EventSourceContext<P> context) {
    return super.informerConfigurationBuilder(context).withLabelSelector(Labels.MANAGED_SELECTOR);
  }
}
