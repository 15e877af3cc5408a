package dev.whirlwind.operator.transcoder;

import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.function.BiFunction;

/** The transcoder daemons' configuration file. */
public class TranscoderConfigMap
    extends OwnedDependent<ConfigMap, TranscodeProfile, ProfileInputs> {
  public TranscoderConfigMap(
      BiFunction<TranscodeProfile, Context<TranscodeProfile>, ProfileInputs> inputs) {
    super(ConfigMap.class, inputs);
  }

  @Override
  public ConfigMap render(TranscodeProfile profile, ProfileInputs inputs) {
    TranscoderNames names = TranscoderNames.of(profile);
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(names.configMap())
        .withNamespace(names.namespace())
        .withLabels(Labels.of(TranscoderNames.DAEMON, names.profile(), TranscoderNames.COMPONENT))
        .endMetadata()
        .withData(
            Map.of(
                TranscoderDaemonConfigRenderer.FILE_NAME,
                TranscoderDaemonConfigRenderer.yaml(profile, inputs)))
        .build();
  }
}
