package dev.whirlwind.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.operator.health.HealthServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readinessFollowsTheOperatorAndMetricsAreInPrometheusFormat() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("whirlwind_test_total").increment();
    AtomicBoolean ready = new AtomicBoolean(false);
    try (HealthServer server = new HealthServer(0, ready::get, registry)) {
      assertThat(get(server.port(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(server.port(), "/readyz").statusCode()).isEqualTo(503);
      ready.set(true);
      assertThat(get(server.port(), "/readyz").statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = get(server.port(), "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(metrics.body()).contains("whirlwind_test_total 1.0");
    }
  }
}
