package dev.whirlwind.operator.transcoder;

import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.function.BiFunction;

/** The two Services of a profile's transcoders. */
public final class TranscoderServices {
  private TranscoderServices() {}

  /** Resolves to every ready pod, so the operator reads each one's jobs. */
  public static class Headless extends OwnedDependent<Service, TranscodeProfile, ProfileInputs> {
    public Headless(BiFunction<TranscodeProfile, Context<TranscodeProfile>, ProfileInputs> inputs) {
      super(Service.class, inputs);
    }

    @Override
    public Service render(TranscodeProfile profile, ProfileInputs inputs) {
      return service(profile, TranscoderNames.of(profile).headlessService(), true);
    }
  }

  /** Load-balances job submissions for clients that do not pick a pod. */
  public static class Client extends OwnedDependent<Service, TranscodeProfile, ProfileInputs> {
    public Client(BiFunction<TranscodeProfile, Context<TranscodeProfile>, ProfileInputs> inputs) {
      super(Service.class, inputs);
    }

    @Override
    public Service render(TranscodeProfile profile, ProfileInputs inputs) {
      return service(profile, TranscoderNames.of(profile).clientService(), false);
    }
  }

  static Service service(TranscodeProfile profile, String name, boolean headless) {
    TranscoderNames names = TranscoderNames.of(profile);
    var spec =
        new ServiceBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(names.namespace())
            .withLabels(
                Labels.of(TranscoderNames.DAEMON, names.profile(), TranscoderNames.COMPONENT))
            .endMetadata()
            .withNewSpec()
            .withType("ClusterIP");
    if (headless) {
      spec = spec.withClusterIP("None").withClusterIPs("None");
    }
    return spec.withSelector(Labels.selector(TranscoderNames.DAEMON, names.profile()))
        .withSessionAffinity("None")
        .withIpFamilyPolicy("SingleStack")
        .withInternalTrafficPolicy("Cluster")
        .withPorts(
            new ServicePortBuilder()
                .withName("http")
                .withPort(TranscoderNames.HTTP_PORT)
                .withTargetPort(new IntOrString("http"))
                .withProtocol("TCP")
                .build())
        .endSpec()
        .build();
  }
}
