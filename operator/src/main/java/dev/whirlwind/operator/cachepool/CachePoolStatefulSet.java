package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.CachePoolSpec;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.kube.EventRecorder;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import dev.whirlwind.operator.kube.PodParts;
import dev.whirlwind.operator.kube.Quantities;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/** The cache daemons: one pod and one volume claim per node. */
public class CachePoolStatefulSet extends OwnedDependent<StatefulSet, CachePool, PoolInputs> {
  public static final String CONFIG_CHECKSUM = "whirlwind.dev/config-checksum";

  private final EventRecorder events;

  public CachePoolStatefulSet(
      BiFunction<CachePool, Context<CachePool>, PoolInputs> inputs, EventRecorder events) {
    super(StatefulSet.class, inputs);
    this.events = events;
  }

  /**
   * Grows storage when the claim template asks for more: claim templates are immutable, so the
   * existing claims are patched first and the StatefulSet is then re-created with orphan deletion,
   * which leaves the pods and their volumes running. The reconciler refuses shrinks and class
   * changes before this is reached.
   */
  @Override
  public StatefulSet update(
      StatefulSet actual, StatefulSet desired, CachePool pool, Context<CachePool> context) {
    StorageChange change = StorageChange.between(actual, pool);
    if (change.kind() != StorageChange.Kind.GROW) {
      return super.update(actual, desired, pool, context);
    }
    CachePoolNames names = CachePoolNames.of(pool);
    var claims = context.getClient().persistentVolumeClaims().inNamespace(names.namespace());
    String size = Quantities.canonical(pool.getSpec().storage.size);
    for (PersistentVolumeClaim claim : claims.list().getItems()) {
      if (names.isClaim(claim.getMetadata().getName())) {
        claims
            .withName(claim.getMetadata().getName())
            .edit(
                c -> {
                  c.getSpec().getResources().getRequests().put("storage", new Quantity(size));
                  return c;
                });
      }
    }
    context
        .getClient()
        .apps()
        .statefulSets()
        .inNamespace(names.namespace())
        .withName(names.statefulSet())
        .withPropagationPolicy(DeletionPropagation.ORPHAN)
        .delete();
    // Against a real API server the orphaning delete finishes asynchronously; until it has, the
    // create conflicts and the reconcile is retried.
    StatefulSet created = create(desired, pool, context);
    events.record(
        pool,
        EventRecorder.Type.Normal,
        "StorageGrown",
        "volume claims grown from "
            + change.currentBytes()
            + " to "
            + change.requestedBytes()
            + " bytes; StatefulSet "
            + names.statefulSet()
            + " re-created with orphaned pods");
    return created;
  }

  /**
   * The pod's name, its in-cluster base URL and, with a {@code publicUrlTemplate}, the URL clients
   * get: the template's {@code {pod}} and {@code {ordinal}} become references to variables the
   * kubelet fills per pod (the ordinal from the StatefulSet's pod-index label).
   */
  static List<EnvVar> clientUrlEnv(String template, CachePoolNames names, String publicUrl) {
    List<EnvVar> env = new ArrayList<>();
    env.add(PodParts.podName());
    env.add(PodParts.env("WHIRLWIND_PUBLIC_BASE_URL", publicUrl));
    if (template == null || template.isBlank()) {
      return env;
    }
    if (template.contains("{ordinal}")) {
      env.add(PodParts.podIndex("POD_INDEX"));
    }
    String value =
        template
            // A literal $ stays one: the kubelet reads $(NAME) as a reference and $$ as $.
            .replace("$", "$$")
            .replace("{pod}", "$(POD_NAME)")
            .replace("{ordinal}", "$(POD_INDEX)")
            .replace("{namespace}", names.namespace())
            .replace("{pool}", names.pool());
    env.add(PodParts.env("WHIRLWIND_CLIENT_BASE_URL", value));
    return env;
  }

  @Override
  public StatefulSet render(CachePool pool, PoolInputs inputs) {
    OperatorConfig.Images images = inputs.images();
    CachePoolSpec spec = pool.getSpec();
    CachePoolNames names = CachePoolNames.of(pool);
    Map<String, String> labels =
        Labels.of(CachePoolNames.DAEMON, names.pool(), CachePoolNames.COMPONENT);
    Map<String, String> selector = Labels.selector(CachePoolNames.DAEMON, names.pool());
    String image = spec.image != null ? spec.image : images.cache();
    String publicUrl =
        "http://$(POD_NAME)."
            + names.headlessService()
            + "."
            + names.namespace()
            + ".svc:"
            + CachePoolNames.HTTP_PORT;

    var container =
        PodParts.daemonContainer(
                "cache",
                image,
                images.pullPolicy(),
                resources(spec.resources),
                PodParts.mount(CachePoolNames.DATA_VOLUME, CacheDaemonConfigRenderer.DATA_DIR))
            .withEnv(clientUrlEnv(spec.publicUrlTemplate, names, publicUrl))
            .withPorts(
                PodParts.port("http", CachePoolNames.HTTP_PORT, "TCP"),
                PodParts.port("admin", CachePoolNames.ADMIN_PORT, "TCP"))
            .build();
    var pod =
        PodParts.podSpec(container, (long) spec.drainGracePeriodSeconds + 10)
            .withNodeSelector(spec.nodeSelector == null ? null : new TreeMap<>(spec.nodeSelector))
            .withTolerations(spec.tolerations)
            .withAffinity(PodParts.spreadOverNodes(selector))
            .withVolumes(PodParts.standardVolumes(names.configMap()))
            .build();
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(names.statefulSet())
        .withNamespace(names.namespace())
        .withLabels(labels)
        .endMetadata()
        .withSpec(
            // Cache nodes are independent of each other: start and stop them all at once.
            PodParts.statefulSetSpec(spec.replicas, names.headlessService(), selector)
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .withAnnotations(
                    Map.of(
                        CONFIG_CHECKSUM,
                        CacheDaemonConfigRenderer.checksum(pool, inputs.trackers())))
                .endMetadata()
                .withSpec(pod)
                .endTemplate()
                .withVolumeClaimTemplates(
                    PodParts.claimTemplate(
                        CachePoolNames.DATA_VOLUME,
                        selector,
                        spec.storage.size,
                        spec.storage.storageClassName))
                .build())
        .build();
  }

  /** The pool's resources in canonical form, or defaults sized for a JVM serving files. */
  static ResourceRequirements resources(ResourceRequirements requested) {
    return PodParts.resources(
        requested,
        new ResourceRequirementsBuilder()
            .withRequests(PodParts.quantities("cpu", "500m", "memory", "1Gi"))
            .withLimits(PodParts.quantities("memory", "2Gi"))
            .build());
  }
}
