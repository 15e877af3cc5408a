package dev.whirlwind.operator.transcoder;

import dev.whirlwind.crds.v1alpha1.Accelerator;
import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.kube.DependentEvents;
import dev.whirlwind.operator.kube.EventRecorder;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import dev.whirlwind.operator.security.AdminTokenSecret;
import dev.whirlwind.protocol.transcode.RenditionProfile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reconciles a {@link TranscodeProfile}: validate its parameters into a {@link RenditionProfile}
 * (an invalid one gets conditions with the reason and changes nothing), decide how the pods run,
 * reconcile the owned objects, record status.
 *
 * <p>{@code gpu} pods request GPUs; {@code cpu} pods cores; {@code auto} pods start as GPU pods and
 * are replaced by CPU pods once one stays unschedulable past {@code
 * transcoders.gpuUnschedulableSeconds}: degrade, never fail. The fallback is kept for the spec's
 * generation (in status), so an edit of the profile tries the GPU again.
 */
@ControllerConfiguration(name = "transcodeprofile")
public class TranscodeProfileReconciler implements Reconciler<TranscodeProfile> {
  private final OperatorConfig config;
  private final EventRecorder events;
  private final Clock clock;
  private final AdminTokenSecret<TranscodeProfile> secret = new AdminTokenSecret<>();
  private final List<OwnedDependent<? extends HasMetadata, TranscodeProfile, ProfileInputs>>
      dependents;
  private final TranscodeProfileStatusRecorder status;
  private InformerEventSource<Pod, TranscodeProfile> pods;

  public TranscodeProfileReconciler(OperatorConfig config, EventRecorder events, Clock clock) {
    this.config = config;
    this.events = events;
    this.clock = clock;
    this.status = new TranscodeProfileStatusRecorder(events, clock);
    this.dependents = TranscoderObjects.dependents(this::inputs, config.networkPolicies());
  }

  /** The mode this reconcile decided on travels to the dependents in their context. */
  private ProfileInputs inputs(TranscodeProfile profile, Context<TranscodeProfile> context) {
    TranscoderMode mode =
        context
            .managedWorkflowAndDependentResourceContext()
            .get(MODE, TranscoderMode.class)
            .orElse(mode(profile));
    return new ProfileInputs(config.images(), RenditionProfiles.of(profile), mode);
  }

  private static final String MODE = "transcoder-mode";

  /** GPU pods unless the profile asks for the CPU or its GPU pods could not be placed. */
  static TranscoderMode mode(TranscodeProfile profile) {
    if (profile.getSpec().accelerator == Accelerator.CPU) {
      return TranscoderMode.CPU;
    }
    Long fallback = profile.getStatus() == null ? null : profile.getStatus().cpuFallbackGeneration;
    return fallback != null && fallback.equals(profile.getMetadata().getGeneration())
        ? TranscoderMode.CPU
        : TranscoderMode.GPU;
  }

  @Override
  public List<EventSource<?, TranscodeProfile>> prepareEventSources(
      EventSourceContext<TranscodeProfile> context) {
    List<KubernetesDependentResource<? extends HasMetadata, TranscodeProfile>> all =
        new ArrayList<>();
    all.add(secret);
    all.addAll(dependents);
    List<EventSource<?, TranscodeProfile>> sources =
        new ArrayList<>(
            EventSourceUtils.dependentEventSources(
                context, all.toArray(KubernetesDependentResource[]::new)));
    // The transcoder pods, to see a GPU pod that no node can take.
    pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, TranscodeProfile.class)
                .withName("transcoder-pods")
                .withLabelSelector(
                    Labels.MANAGED_SELECTOR + "," + Labels.NAME + "=" + TranscoderNames.DAEMON)
                .withSecondaryToPrimaryMapper(
                    p ->
                        Set.of(
                            new ResourceID(
                                p.getMetadata().getLabels().get(Labels.INSTANCE),
                                p.getMetadata().getNamespace())))
                .build(),
            context);
    sources.add(pods);
    return sources;
  }

  @Override
  public UpdateControl<TranscodeProfile> reconcile(
      TranscodeProfile profile, Context<TranscodeProfile> context) {
    RenditionProfile rendition;
    try {
      rendition = RenditionProfiles.of(profile);
    } catch (IllegalArgumentException e) {
      return status.invalid(profile, e.getMessage());
    }
    TranscoderMode mode = mode(profile);
    Long fallbackGeneration =
        profile.getStatus() == null ? null : profile.getStatus().cpuFallbackGeneration;
    if (mode == TranscoderMode.CPU && profile.getSpec().accelerator == Accelerator.CPU) {
      fallbackGeneration = null;
    }
    String fallback = null;
    String stuck = null;
    Duration grace = Duration.ofSeconds(config.transcoders().gpuUnschedulableSeconds());
    Optional<GpuFallback> unschedulable =
        mode == TranscoderMode.GPU ? GpuFallback.unschedulable(podsOf(profile)) : Optional.empty();
    Instant now = clock.instant();
    long recheckSeconds = 0;
    if (unschedulable.isPresent()) {
      GpuFallback f = unschedulable.get();
      if (profile.getSpec().accelerator == Accelerator.AUTO && f.due(now, grace)) {
        mode = TranscoderMode.CPU;
        fallbackGeneration = profile.getMetadata().getGeneration();
        events.record(
            profile,
            EventRecorder.Type.Warning,
            "GpuUnschedulable",
            "GPU transcoder pods stayed unschedulable for "
                + grace.toSeconds()
                + " s ("
                + f.message()
                + "); running CPU pods instead");
      } else if (profile.getSpec().accelerator == Accelerator.GPU) {
        stuck = "GPU pods cannot be scheduled: " + f.message();
      } else {
        recheckSeconds = Math.max(1, Duration.between(now, f.since().plus(grace)).toSeconds() + 1);
      }
    }
    if (mode == TranscoderMode.CPU && profile.getSpec().accelerator == Accelerator.AUTO) {
      fallback = "no GPU pod could be scheduled; CPU transcoders run until the profile changes";
    }
    context.managedWorkflowAndDependentResourceContext().put(MODE, mode);
    DependentEvents.reconcile(events, profile, context, secret);
    for (var d : dependents) {
      DependentEvents.reconcile(events, profile, context, d);
    }
    Deployment deployment = context.getSecondaryResource(Deployment.class).orElse(null);
    UpdateControl<TranscodeProfile> control =
        status.reconciled(
            profile,
            rendition.parametersHash(),
            mode,
            fallbackGeneration,
            deployment,
            fallback,
            stuck);
    return recheckSeconds > 0 ? control.rescheduleAfter(recheckSeconds, TimeUnit.SECONDS) : control;
  }

  private List<Pod> podsOf(TranscodeProfile profile) {
    if (pods == null) {
      return List.of();
    }
    String name = profile.getMetadata().getName();
    return pods.list(
            profile.getMetadata().getNamespace(),
            p -> name.equals(p.getMetadata().getLabels().get(Labels.INSTANCE)))
        .toList();
  }

  @Override
  public ErrorStatusUpdateControl<TranscodeProfile> updateErrorStatus(
      TranscodeProfile profile, Context<TranscodeProfile> context, Exception e) {
    return status.failed(profile, e);
  }
}
