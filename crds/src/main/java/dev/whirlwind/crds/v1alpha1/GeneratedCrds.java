package dev.whirlwind.crds.v1alpha1;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.util.List;

/** The CRD YAML the build generates into this module's jar, for installing into an API server. */
public final class GeneratedCrds {
  public static final List<String> PLURALS =
      List.of("cachepools", "videocatalogs", "transcodeprofiles");

  private GeneratedCrds() {}

  /** Classpath resource of one kind's CRD. */
  public static String resource(String plural) {
    return "/META-INF/fabric8/" + plural + "." + ApiGroup.GROUP + "-v1.yml";
  }

  /** Creates the three CRDs, as {@code kubectl create -f charts/whirlwind/crds} would. */
  public static void create(KubernetesClient client) {
    for (String plural : PLURALS) {
      try (InputStream yaml = GeneratedCrds.class.getResourceAsStream(resource(plural))) {
        client.apiextensions().v1().customResourceDefinitions().load(yaml).create();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
