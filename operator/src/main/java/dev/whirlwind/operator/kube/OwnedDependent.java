package dev.whirlwind.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.function.BiFunction;

/**
 * An object the operator owns and keeps equal to its {@link #render}ed form.
 *
 * <p>{@code render(primary, inputs)} is a pure function of the custom resource and of the inputs
 * its reconciler gathers from the cluster ({@code I}: images, the trackers of the catalogs naming a
 * pool, ...). Render mode and standalone mode call the very same function, so what they print or
 * run cannot drift from what the operator applies.
 *
 * <p>Patch strategy, the same in tests and production: create, then update with optimistic locking
 * (a PUT carrying the observed resourceVersion), and JOSDK's generic matcher decides when an update
 * is due; it tolerates fields the server adds, and every field we set is in the form the server
 * stores. Server-side apply is not used because the Fabric8 mock API server, our API test tier,
 * implements neither it nor strategic merge (docs/OPERATOR.md).
 */
public abstract class OwnedDependent<R extends HasMetadata, P extends HasMetadata, I>
    extends CRUDKubernetesDependentResource<R, P> {
  private final BiFunction<P, Context<P>, I> inputs;

  /**
   * @param inputs what the reconciler knows beyond the primary, gathered from its context
   */
  protected OwnedDependent(Class<R> type, BiFunction<P, Context<P>, I> inputs) {
    super(type);
    this.inputs = inputs;
  }

  /** The object as it should be: depends on nothing but its arguments. */
  public abstract R render(P primary, I inputs);

  @Override
  protected final R desired(P primary, Context<P> context) {
    return render(primary, inputs.apply(primary, context));
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<R> informerConfigurationBuilder(
      EventSourceContext<P> context) {
    return super.informerConfigurationBuilder(context).withLabelSelector(Labels.MANAGED_SELECTOR);
  }
}
