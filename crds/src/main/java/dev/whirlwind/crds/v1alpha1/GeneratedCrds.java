package dev.whirlwind.crds.v1alpha1;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The CRD YAML the build generates into this module's jar. The chart installs the same bytes and
 * annotates each CRD with their SHA-256 ({@link #DIGEST_ANNOTATION}), so that an operator can tell
 * whether the installed CRDs are the ones it was built with.
 */
public final class GeneratedCrds {
  public static final List<String> PLURALS =
      List.of("cachepools", "videocatalogs", "transcodeprofiles");

  /** Hex SHA-256 of the generated YAML a CRD was installed from (the chart sets it). */
  public static final String DIGEST_ANNOTATION = ApiGroup.GROUP + "/crd-sha256";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private GeneratedCrds() {}

  /** Classpath resource of one kind's CRD. */
  public static String resource(String plural) {
    return "/META-INF/fabric8/" + plural + "." + ApiGroup.GROUP + "-v1.yml";
  }

  /** The CRD's object name, {@code <plural>.whirlwind.dev}. */
  public static String name(String plural) {
    return plural + "." + ApiGroup.GROUP;
  }

  public static byte[] bytes(String plural) {
    try (InputStream yaml = GeneratedCrds.class.getResourceAsStream(resource(plural))) {
      if (yaml == null) {
        throw new IllegalStateException("no generated CRD on the classpath: " + resource(plural));
      }
      return yaml.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the chart writes into {@link #DIGEST_ANNOTATION} for this kind. */
  public static String sha256(String plural) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(plural)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static CustomResourceDefinition load(String plural) {
    return SERIALIZATION.unmarshal(
        new String(bytes(plural), StandardCharsets.UTF_8), CustomResourceDefinition.class);
  }

  /** Creates the three CRDs, as {@code kubectl create -f charts/whirlwind/files/crds} would. */
  public static void create(KubernetesClient client) {
    for (String plural : PLURALS) {
      client.apiextensions().v1().customResourceDefinitions().resource(load(plural)).create();
    }
  }
}
