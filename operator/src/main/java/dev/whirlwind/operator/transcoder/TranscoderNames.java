package dev.whirlwind.operator.transcoder;

import dev.whirlwind.crds.v1alpha1.TranscodeProfile;

/** Names of a profile's transcoder objects, derived from the profile's name alone. */
public record TranscoderNames(String profile, String namespace) {
  public static final String DAEMON = "transcoder-daemon";
  public static final String COMPONENT = "transcoder";
  public static final int HTTP_PORT = 8090;

  public static TranscoderNames of(TranscodeProfile profile) {
    return new TranscoderNames(
        profile.getMetadata().getName(), profile.getMetadata().getNamespace());
  }

  public String deployment() {
    return profile + "-transcoder";
  }

  public String clientService() {
    return profile + "-transcoder";
  }

  /** Resolves to every ready transcoder pod: the operator reads each one's jobs. */
  public String headlessService() {
    return profile + "-transcoder-pods";
  }

  public String configMap() {
    return profile + "-transcoder-config";
  }

  public String clientUrl() {
    return "http://" + clientService() + "." + namespace + ".svc:" + HTTP_PORT;
  }
}
