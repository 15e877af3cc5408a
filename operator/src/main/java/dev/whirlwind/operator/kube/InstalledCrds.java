package dev.whirlwind.operator.kube;

import dev.whirlwind.crds.v1alpha1.GeneratedCrds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether the CRDs installed in the cluster are the ones this operator was built with. An operator
 * that reconciled against an older schema would silently drop fields users set (the API server
 * prunes what its CRD does not know), so a mismatch stops the start with the way to fix it.
 */
public final class InstalledCrds {
  static final String HOW_TO_FIX =
      "upgrade the CRDs first: helm upgrade with crds.enabled=true (the chart's default), or"
          + " kubectl apply --server-side -f charts/whirlwind/files/crds/";

  private InstalledCrds() {}

  /** One line per CRD that is missing, unreadable or of another version; empty when all match. */
  public static List<String> problems(KubernetesClient client) {
    List<String> problems = new ArrayList<>();
    for (String plural : GeneratedCrds.PLURALS) {
      String name = GeneratedCrds.name(plural);
      CustomResourceDefinition installed;
      try {
        installed = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
      } catch (KubernetesClientException e) {
        problems.add(
            "cannot read CRD "
                + name
                + " (HTTP "
                + e.getCode()
                + "): the operator's ClusterRole needs get on"
                + " apiextensions.k8s.io/customresourcedefinitions");
        continue;
      }
      String problem = mismatch(plural, installed);
      if (problem != null) {
        problems.add(problem);
      }
    }
    return problems;
  }

  /** Why {@code installed} is not this build's CRD of {@code plural}, or null when it is. */
  static String mismatch(String plural, CustomResourceDefinition installed) {
    String name = GeneratedCrds.name(plural);
    if (installed == null) {
      return "CRD " + name + " is not installed: " + HOW_TO_FIX;
    }
    String expected = GeneratedCrds.sha256(plural);
    Map<String, String> annotations = installed.getMetadata().getAnnotations();
    String digest = annotations == null ? null : annotations.get(GeneratedCrds.DIGEST_ANNOTATION);
    if (digest != null) {
      return digest.equals(expected)
          ? null
          : "CRD "
              + name
              + " is another version (sha256 "
              + abbreviated(digest)
              + ") than this operator's ("
              + abbreviated(expected)
              + "): "
              + HOW_TO_FIX;
    }
    // Installed without the chart (kubectl apply of the generated YAML): compare what matters,
    // the served versions and their schemas.
    return sameVersions(GeneratedCrds.load(plural), installed)
        ? null
        : "CRD "
            + name
            + " has other versions or schemas than this operator's (and no "
            + GeneratedCrds.DIGEST_ANNOTATION
            + " annotation): "
            + HOW_TO_FIX;
  }

  private static boolean sameVersions(
      CustomResourceDefinition expected, CustomResourceDefinition installed) {
    List<CustomResourceDefinitionVersion> want = expected.getSpec().getVersions();
    List<CustomResourceDefinitionVersion> have = installed.getSpec().getVersions();
    if (want.size() != have.size()) {
      return false;
    }
    for (int i = 0; i < want.size(); i++) {
      var a = want.get(i);
      var b = have.get(i);
      if (!a.getName().equals(b.getName())
          || !a.getServed().equals(b.getServed())
          || !a.getStorage().equals(b.getStorage())
          || !java.util.Objects.equals(a.getSchema(), b.getSchema())) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviated(String digest) {
    return digest.length() > 12 ? digest.substring(0, 12) + "…" : digest;
  }
}
