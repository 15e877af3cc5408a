package dev.whirlwind.operator.web;

import dev.whirlwind.crds.v1alpha1.Video;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What the console's {@code /api/status} answers in a cluster: every watched catalog's status and
 * video titles, read from the API server (at most once per {@link #FRESH}, however many pages
 * poll), and the latest telemetry sample. Read-only: it lists, never writes.
 */
public final class ClusterStatus implements Supplier<Object> {
  static final Duration FRESH = Duration.ofSeconds(2);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubernetesClient client;
  private final List<String> namespaces;
  private final Telemetry telemetry;
  private final Clock clock;
  private Instant readAt = Instant.EPOCH;
  private Map<String, Object> last;

  public ClusterStatus(
      KubernetesClient client, List<String> namespaces, Telemetry telemetry, Clock clock) {
    this.client = client;
    this.namespaces = List.copyOf(namespaces);
    this.telemetry = telemetry;
    this.clock = clock;
  }

  @Override
  public synchronized Object get() {
    Instant now = clock.instant();
    if (last == null || !now.isBefore(readAt.plus(FRESH))) {
      last = read();
      readAt = now;
    }
    Map<String, Object> out = new LinkedHashMap<>(last);
    out.put("telemetry", telemetry.latest());
    return SERIALIZATION.unmarshal(SERIALIZATION.asJson(out), Object.class);
  }

  private Map<String, Object> read() {
    List<VideoCatalog> catalogs = new ArrayList<>();
    if (namespaces.isEmpty()) {
      catalogs.addAll(client.resources(VideoCatalog.class).inAnyNamespace().list().getItems());
    } else {
      for (String ns : namespaces) {
        catalogs.addAll(client.resources(VideoCatalog.class).inNamespace(ns).list().getItems());
      }
    }
    Map<String, Object> statuses = new TreeMap<>();
    Map<String, Map<String, String>> titles = new TreeMap<>();
    for (VideoCatalog c : catalogs) {
      String key = c.getMetadata().getNamespace() + "/" + c.getMetadata().getName();
      if (c.getStatus() != null) {
        statuses.put(key, c.getStatus());
      }
      Map<String, String> byId = new TreeMap<>();
      for (Video v :
          c.getSpec() == null || c.getSpec().videos == null
              ? List.<Video>of()
              : c.getSpec().videos) {
        byId.put(v.id, v.title == null ? v.id : v.title);
      }
      titles.put(key, byId);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", "cluster");
    out.put("catalogs", statuses);
    out.put("titles", titles);
    out.put("daemons", List.of());
    return out;
  }
}
