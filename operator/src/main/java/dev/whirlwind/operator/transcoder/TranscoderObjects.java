package dev.whirlwind.operator.transcoder;

import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The one list of objects a profile owns, in the order they are applied. The reconciler reconciles
 * these dependents; render mode prints what the same dependents render.
 */
public final class TranscoderObjects {
  private TranscoderObjects() {}

  public static List<OwnedDependent<? extends HasMetadata, TranscodeProfile, ProfileInputs>>
      dependents(
          BiFunction<TranscodeProfile, Context<TranscodeProfile>, ProfileInputs> inputs,
          OperatorConfig.NetworkPolicies policies) {
    List<OwnedDependent<? extends HasMetadata, TranscodeProfile, ProfileInputs>> out =
        new ArrayList<>();
    // The policy before the pods: they never run unprotected.
    if (policies.enabled()) {
      out.add(new TranscoderNetworkPolicy(inputs, policies));
    }
    out.add(new TranscoderConfigMap(inputs));
    out.add(new TranscoderServices.Headless(inputs));
    out.add(new TranscoderServices.Client(inputs));
    out.add(new TranscoderDeployment(inputs));
    return List.copyOf(out);
  }

  public static List<HasMetadata> render(
      TranscodeProfile profile, ProfileInputs inputs, OperatorConfig.NetworkPolicies policies) {
    return dependents((p, c) -> inputs, policies).stream()
        .<HasMetadata>map(d -> d.render(profile, inputs))
        .toList();
  }

  /** Pods start as GPU pods unless the profile asks for the CPU. */
  public static TranscoderMode initialMode(TranscodeProfile profile) {
    var a = profile.getSpec().accelerator;
    return a == dev.whirlwind.crds.v1alpha1.Accelerator.CPU
        ? TranscoderMode.CPU
        : TranscoderMode.GPU;
  }
}
