package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.CachePoolSpec;
import dev.whirlwind.crds.v1alpha1.CachePoolStorage;
import dev.whirlwind.crds.v1alpha1.GeneratedCrds;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator as a process, pointed by a kubeconfig at the Fabric8 mock API server:
 * start-up, readiness, leader election, metrics, reconciling, and a graceful stop on SIGTERM.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OperatorProcessTest {
  static KubernetesClient client;
  static KubernetesMockServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process operator;
  private Path stderr;
  private int consolePort;

  @BeforeAll
  static void loadCrds() {
    // Leader election first asks whether it may use Leases; the mock's CRUD mode cannot answer
    // a SelfSubjectRulesReview, so the answer a permitted service account gets is scripted.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    GeneratedCrds.create(client);
  }

  @AfterEach
  void stop() throws Exception {
    if (operator != null && operator.isAlive()) {
      operator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private int start(Path dir, String namespace, Map<String, String> env) throws IOException {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters: [{name: mock, cluster: {server: '" + client.getMasterUrl() + "'}}]",
            "users: [{name: mock, user: {token: test}}]",
            "contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: "
                + namespace
                + "}}]",
            "current-context: mock",
            ""));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    stderr = dir.resolve("operator.log");
    ProcessBuilder pb =
        new ProcessBuilder("java", "-jar", RenderCommandTest.JAR.toString(), "run")
            .redirectError(stderr.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().put("POD_NAMESPACE", namespace);
    pb.environment().put("WHIRLWIND_HEALTH_PORT", String.valueOf(port));
    consolePort = DaemonProcess.freePort();
    pb.environment().put("WHIRLWIND_CONSOLE_PORT", String.valueOf(consolePort));
    pb.environment().put("WHIRLWIND_NAMESPACES", namespace);
    pb.environment().putAll(env);
    operator = pb.start();
    return port;
  }

  private int status(int port, String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }

  private String body(int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private void createPool(String namespace) {
    CachePool pool = new CachePool();
    pool.getMetadata().setName("edge");
    pool.getMetadata().setNamespace(namespace);
    CachePoolSpec spec = new CachePoolSpec();
    spec.storage = new CachePoolStorage("10Gi", null);
    spec.bandwidthBytesPerSecond = 10_000_000L;
    pool.setSpec(spec);
    client.resource(pool).create();
  }

  @Test
  void electsALeaderReconcilesServesMetricsAndStopsGracefully(@TempDir Path dir) throws Exception {
    int port = start(dir, "leader", Map.of());

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(status(port, "/readyz")).as(log()).isEqualTo(200));
    assertThat(status(port, "/healthz")).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        client.leases().inNamespace("leader").withName("whirlwind-operator").get())
                    .as(log())
                    .isNotNull());

    createPool("leader");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .apps()
                            .statefulSets()
                            .inNamespace("leader")
                            .withName("edge-cache")
                            .get())
                    .as(log())
                    .isNotNull());
    assertThat(body(port, "/metrics")).contains("jvm_memory_used_bytes").contains("operator_sdk");
    // The read-only console: the page, and the API server's catalogs behind it.
    assertThat(status(consolePort, "/")).isEqualTo(200);
    assertThat(body(consolePort, "/api/status")).contains("\"mode\":\"cluster\"");
    assertThat(status(consolePort, "/vendor/hls.min.mjs")).isEqualTo(200);

    operator.destroy(); // SIGTERM, as the kubelet sends it
    assertThat(operator.waitFor(30, TimeUnit.SECONDS))
        .as("stopped within the grace period: %s", log())
        .isTrue();
    assertThat(log()).contains("shutting down");
  }

  @Test
  void logsAreJsonLinesOnStderr(@TempDir Path dir) throws Exception {
    int port = start(dir, "plain", Map.of("WHIRLWIND_LEADER_ELECTION__ENABLED", "false"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(status(port, "/readyz")).as(log()).isEqualTo(200));
    await().atMost(Duration.ofSeconds(30)).until(() -> log().contains("operator ready"));
    for (String line : log().lines().filter(l -> !l.isBlank()).toList()) {
      assertThat(line).as("a structured log line").startsWith("{").endsWith("}");
    }
  }

  /** Against an older chart's CRD the operator does not start, and says what to do. */
  @Test
  void refusesToStartAgainstAnotherVersionOfItsCrds(@TempDir Path dir) throws Exception {
    var crds = client.apiextensions().v1().customResourceDefinitions();
    var original = crds.withName(GeneratedCrds.name("videocatalogs")).get();
    try {
      crds.withName(GeneratedCrds.name("videocatalogs"))
          .edit(
              c -> {
                c.getMetadata()
                    .setAnnotations(Map.of(GeneratedCrds.DIGEST_ANNOTATION, "0".repeat(64)));
                return c;
              });
      start(dir, "older-crds", Map.of("WHIRLWIND_LEADER_ELECTION__ENABLED", "false"));
      assertThat(operator.waitFor(60, TimeUnit.SECONDS)).as(log()).isTrue();
      assertThat(operator.exitValue()).isEqualTo(1);
      assertThat(log())
          .contains("CRD videocatalogs.whirlwind.dev is another version")
          .contains("helm upgrade")
          .doesNotContain("cachepools.whirlwind.dev is");

      // crdCheck off: it starts anyway (for clusters that manage CRDs by other means).
      int port =
          start(
              dir,
              "unchecked-crds",
              Map.of(
                  "WHIRLWIND_LEADER_ELECTION__ENABLED", "false", "WHIRLWIND_CRD_CHECK", "false"));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(status(port, "/readyz")).as(log()).isEqualTo(200));
    } finally {
      original.getMetadata().setResourceVersion(null);
      crds.withName(original.getMetadata().getName()).delete();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> crds.withName(original.getMetadata().getName()).get() == null);
      crds.resource(original).create();
    }
  }

  private String log() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "";
    }
  }
}
