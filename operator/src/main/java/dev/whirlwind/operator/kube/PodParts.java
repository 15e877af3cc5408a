package dev.whirlwind.operator.kube;

import dev.whirlwind.operator.security.AdminTokenSecret;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpecBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts every daemon pod of the operator shares: the restricted security contexts, the health
 * probes, the config, token and scratch volumes, and resources in the canonical form the API server
 * stores (so a real server never sees a diff).
 */
public final class PodParts {
  public static final long RUN_AS = 10001;
  public static final String CONFIG_DIR = "/etc/whirlwind";
  public static final String TOKEN_DIR = "/var/run/whirlwind";

  private PodParts() {}

  /**
   * The daemon's arguments. The image's entrypoint starts the JVM with container-aware flags and
   * the daemon's main class (the parent pom's Jib configuration), so pods name no command.
   */
  public static List<String> args() {
    return List.of("--config", CONFIG_DIR + "/config.yaml");
  }

  /** The pod's own name, for daemons that derive their identity from it. */
  public static EnvVar podName() {
    return fromField("POD_NAME", "metadata.name");
  }

  /** The pod's StatefulSet ordinal (Kubernetes 1.28+ labels every StatefulSet pod with it). */
  public static EnvVar podIndex(String name) {
    return fromField(name, "metadata.labels['apps.kubernetes.io/pod-index']");
  }

  /** A variable the kubelet sets from one of the pod's own fields. */
  public static EnvVar fromField(String name, String fieldPath) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath(fieldPath)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  public static EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  public static io.fabric8.kubernetes.api.model.ContainerPort port(
      String name, int port, String protocol) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(port)
        .withProtocol(protocol)
        .build();
  }

  public static Probe probe(String path, int failureThreshold) {
    return new ProbeBuilder()
        .withHttpGet(
            new HTTPGetActionBuilder()
                .withPath(path)
                .withPort(new IntOrString("http"))
                .withScheme("HTTP")
                .build())
        .withPeriodSeconds(10)
        .withTimeoutSeconds(2)
        .withSuccessThreshold(1)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  /** Non-root, no capabilities, read-only root file system. */
  public static SecurityContext containerSecurity() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  public static PodSecurityContext podSecurity() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(RUN_AS)
        .withRunAsGroup(RUN_AS)
        .withFsGroup(RUN_AS)
        .withFsGroupChangePolicy("OnRootMismatch")
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /** The daemon's config, its admin token, and /tmp for the natives Netty and JavaCPP unpack. */
  public static List<VolumeMount> standardMounts() {
    return List.of(
        new VolumeMountBuilder()
            .withName("config")
            .withMountPath(CONFIG_DIR)
            .withReadOnly(true)
            .build(),
        new VolumeMountBuilder()
            .withName("admin-token")
            .withMountPath(TOKEN_DIR)
            .withReadOnly(true)
            .build(),
        // Netty and JavaCPP unpack their natives here: the root file system is read-only.
        new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
  }

  public static List<Volume> standardVolumes(String configMap) {
    return List.of(
        new VolumeBuilder()
            .withName("config")
            .withNewConfigMap()
            .withName(configMap)
            .withDefaultMode(0644)
            .endConfigMap()
            .build(),
        new VolumeBuilder()
            .withName("admin-token")
            .withNewSecret()
            .withSecretName(AdminTokenSecret.NAME)
            .withDefaultMode(0400)
            .endSecret()
            .build(),
        new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
  }

  /**
   * Resources in canonical form: the requested ones, or {@code defaults} when the resource names
   * none. Maps are key-ordered like the server's.
   */
  public static ResourceRequirements resources(
      ResourceRequirements requested, ResourceRequirements defaults) {
    ResourceRequirements r = requested == null ? defaults : requested;
    return new ResourceRequirementsBuilder()
        .withRequests(canonical(r.getRequests()))
        .withLimits(canonical(r.getLimits()))
        .build();
  }

  /**
   * A daemon's container with what every kind's has: the arguments, the health probes, the
   * restricted security context, termination messages, and its own mounts before the standard ones.
   * The caller adds environment and ports.
   */
  public static ContainerBuilder daemonContainer(
      String name,
      String image,
      String pullPolicy,
      ResourceRequirements resources,
      VolumeMount... ownMounts) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .withImagePullPolicy(pullPolicy)
        .withArgs(args())
        .withResources(resources)
        .withStartupProbe(probe("/healthz", 30))
        .withLivenessProbe(probe("/healthz", 3))
        .withReadinessProbe(probe("/readyz", 3))
        .withVolumeMounts(ownMounts)
        .addAllToVolumeMounts(standardMounts())
        .withSecurityContext(containerSecurity())
        .withTerminationMessagePath("/dev/termination-log")
        .withTerminationMessagePolicy("File");
  }

  public static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
  }

  /**
   * A pod spec with the fields a server defaults, service links off (they would inject {@code
   * *_SERVICE_HOST} variables a daemon's strict configuration loader rejects) and the restricted
   * pod security context.
   */
  public static PodSpecBuilder podSpec(Container container, long terminationGraceSeconds) {
    return new PodSpecBuilder()
        .withContainers(container)
        .withEnableServiceLinks(false)
        .withRestartPolicy("Always")
        .withDnsPolicy("ClusterFirst")
        .withSchedulerName("default-scheduler")
        .withTerminationGracePeriodSeconds(terminationGraceSeconds)
        .withSecurityContext(podSecurity());
  }

  /**
   * Pods of one component on different nodes when they can be: preferred, not required, so a
   * single-node cluster still runs every replica.
   */
  public static Affinity spreadOverNodes(Map<String, String> selector) {
    return new AffinityBuilder()
        .withNewPodAntiAffinity()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100)
        .withNewPodAffinityTerm()
        .withTopologyKey("kubernetes.io/hostname")
        .withNewLabelSelector()
        .withMatchLabels(selector)
        .endLabelSelector()
        .endPodAffinityTerm()
        .endPreferredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity()
        .build();
  }

  /**
   * A StatefulSet of independent pods with the fields a server defaults: all pods started and
   * stopped at once, rolling updates, claims kept when the set is deleted or scaled down.
   */
  public static StatefulSetSpecBuilder statefulSetSpec(
      int replicas, String serviceName, Map<String, String> selector) {
    return new StatefulSetSpecBuilder()
        .withReplicas(replicas)
        .withServiceName(serviceName)
        .withPodManagementPolicy("Parallel")
        .withRevisionHistoryLimit(10)
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withPartition(0)
        .endRollingUpdate()
        .endUpdateStrategy()
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted("Retain")
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector();
  }

  /** A volume claim template in the form the server stores it. */
  public static PersistentVolumeClaim claimTemplate(
      String name, Map<String, String> labels, String size, String storageClassName) {
    return new PersistentVolumeClaimBuilder()
        .withApiVersion("v1")
        .withKind("PersistentVolumeClaim")
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClassName)
        .withVolumeMode("Filesystem")
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(Quantities.canonical(size))))
        .endResources()
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .endStatus()
        .build();
  }

  /** Key-ordered quantities from alternating names and quantity strings. */
  public static Map<String, Quantity> quantities(String... namesAndValues) {
    Map<String, Quantity> out = new TreeMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.put(namesAndValues[i], new Quantity(Quantities.canonical(namesAndValues[i + 1])));
    }
    return out;
  }

  public static Map<String, Quantity> canonical(Map<String, Quantity> quantities) {
    if (quantities == null || quantities.isEmpty()) {
      return null;
    }
    Map<String, Quantity> out = new LinkedHashMap<>();
    new TreeMap<>(quantities)
        .forEach((k, v) -> out.put(k, new Quantity(Quantities.canonical(v.toString()))));
    return out;
  }
}
