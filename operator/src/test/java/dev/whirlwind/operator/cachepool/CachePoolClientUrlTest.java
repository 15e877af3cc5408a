package dev.whirlwind.operator.cachepool;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CachePoolClientUrlTest {
  private static final CachePoolNames NAMES = new CachePoolNames("edge", "video");
  private static final String OWN = "http://$(POD_NAME).edge-cache-nodes.video.svc:8080";

  private static String value(List<EnvVar> env, String name) {
    return env.stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
  }

  @Test
  void withoutATemplateClientsGetTheInClusterName() {
    List<EnvVar> env = CachePoolStatefulSet.clientUrlEnv(null, NAMES, OWN);
    assertThat(env)
        .extracting(EnvVar::getName)
        .containsExactly("POD_NAME", "WHIRLWIND_PUBLIC_BASE_URL");
    assertThat(CachePoolStatefulSet.clientUrlEnv(" ", NAMES, OWN)).hasSize(2);
  }

  @Test
  void theTemplatesPlaceholdersBecomeWhatTheKubeletFillsPerPod() {
    List<EnvVar> env =
        CachePoolStatefulSet.clientUrlEnv(
            "https://{pool}-{ordinal}.{namespace}.example.com/$x/{pod}", NAMES, OWN);
    // A variable may only refer to those before it.
    assertThat(env)
        .extracting(EnvVar::getName)
        .containsExactly(
            "POD_NAME", "WHIRLWIND_PUBLIC_BASE_URL", "POD_INDEX", "WHIRLWIND_CLIENT_BASE_URL");
    assertThat(env.get(2).getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");
    assertThat(value(env, "WHIRLWIND_CLIENT_BASE_URL"))
        .isEqualTo("https://edge-$(POD_INDEX).video.example.com/$$x/$(POD_NAME)");
    assertThat(value(env, "WHIRLWIND_PUBLIC_BASE_URL")).isEqualTo(OWN);

    List<EnvVar> byPod =
        CachePoolStatefulSet.clientUrlEnv("https://{pod}.video.example.com", NAMES, OWN);
    assertThat(byPod).extracting(EnvVar::getName).doesNotContain("POD_INDEX");
  }

  @Test
  void theCrdPatternTakesOnlyHttpUrlsWithKnownPlaceholders() {
    Pattern p = Pattern.compile(dev.whirlwind.crds.v1alpha1.ApiGroup.URL_TEMPLATE_PATTERN);
    assertThat(p.matcher("https://{pod}.video.example.com").matches()).isTrue();
    assertThat(p.matcher("http://203.0.113.7:30080/{namespace}/{pool}/{ordinal}").matches())
        .isTrue();
    assertThat(p.matcher("https://{host}.example.com").matches()).isFalse();
    assertThat(p.matcher("ftp://{pod}.example.com").matches()).isFalse();
    assertThat(p.matcher("https://{pod} .example.com").matches()).isFalse();
  }
}
