package dev.whirlwind.tracker;

import dev.whirlwind.tracker.swarm.SwarmRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The tracker's Prometheus metrics. No metric carries a per-content label: per-swarm figures are
 * served by {@code /v1/swarms}. Counters are created up front so the hot paths only increment.
 */
public final class TrackerMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter httpAnnounceOk = announces("http", "ok");
  private final Counter httpAnnounceRejected = announces("http", "rejected");
  private final Counter udpAnnounceOk = announces("udp", "ok");
  private final Counter udpAnnounceRejected = announces("udp", "rejected");
  private final Counter httpScrapes = scrapes("http");
  private final Counter udpScrapes = scrapes("udp");
  private final Counter udpConnects = registry.counter("whirlwind_tracker_udp_connects");
  private final Counter droppedShort = dropped("short");
  private final Counter droppedMagic = dropped("magic");
  private final Counter droppedConnection = dropped("connection");
  private final Counter droppedSend = dropped("send_failed");
  private final Counter expired = registry.counter("whirlwind_tracker_peers_expired");

  public TrackerMetrics(SwarmRegistry swarms) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    Gauge.builder("whirlwind_tracker_swarms", swarms, SwarmRegistry::swarmCount)
        .description("Swarms with peers or recent activity")
        .register(registry);
    Gauge.builder("whirlwind_tracker_peers", swarms, SwarmRegistry::peerCount)
        .description("Peers across all swarms")
        .register(registry);
    Gauge.builder("whirlwind_tracker_swarms_max", swarms, SwarmRegistry::maxSwarms)
        .description("Swarms tracked at most (maxSwarms)")
        .register(registry);
    Gauge.builder("whirlwind_tracker_peers_max", swarms, SwarmRegistry::maxPeers)
        .description("Peers held at most (maxPeers)")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "whirlwind_tracker_swarms_refused", swarms, SwarmRegistry::refusedSwarms)
        .description("New swarms refused because the tracker holds maxSwarms")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "whirlwind_tracker_swarms_evicted", swarms, SwarmRegistry::evictedSwarms)
        .description("Idle swarms forgotten early to make room for new ones")
        .register(registry);
  }

  /** The WebSocket tracker's tables and relays, once it runs. */
  public void bind(dev.whirlwind.tracker.webrtc.BrowserTracker browsers) {
    Gauge.builder("whirlwind_tracker_browser_swarms", browsers, b -> b.swarmCount())
        .description("Swarms of browsers (WebRTC) on the WebSocket tracker")
        .register(registry);
    Gauge.builder("whirlwind_tracker_browser_peers", browsers, b -> b.peerCount())
        .description("Browsers (WebRTC peers) across those swarms")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "whirlwind_tracker_browser_relays", browsers, b -> b.offersRelayed())
        .tags("kind", "offer")
        .description("Offers and answers relayed between browsers")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "whirlwind_tracker_browser_relays", browsers, b -> b.answersRelayed())
        .tags("kind", "answer")
        .description("Offers and answers relayed between browsers")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "whirlwind_tracker_browser_relays_dropped", browsers, b -> b.relaysDropped())
        .description("Relays not made: the other browser stopped reading, or an answer to no offer")
        .register(registry);
  }

  private Counter announces(String protocol, String result) {
    return Counter.builder("whirlwind_tracker_announces")
        .tags("protocol", protocol, "result", result)
        .register(registry);
  }

  private Counter scrapes(String protocol) {
    return Counter.builder("whirlwind_tracker_scrapes")
        .tag("protocol", protocol)
        .register(registry);
  }

  private Counter dropped(String reason) {
    return Counter.builder("whirlwind_tracker_udp_dropped")
        .tag("reason", reason)
        .register(registry);
  }

  public void announce(String protocol, String result) {
    boolean ok = "ok".equals(result);
    if ("udp".equals(protocol)) {
      (ok ? udpAnnounceOk : udpAnnounceRejected).increment();
    } else {
      (ok ? httpAnnounceOk : httpAnnounceRejected).increment();
    }
  }

  public void scrape(String protocol) {
    ("udp".equals(protocol) ? udpScrapes : httpScrapes).increment();
  }

  public void udpConnect() {
    udpConnects.increment();
  }

  public void udpDropped(String reason) {
    switch (reason) {
      case "short" -> droppedShort.increment();
      case "magic" -> droppedMagic.increment();
      case "send_failed" -> droppedSend.increment();
      default -> droppedConnection.increment();
    }
  }

  public void expired(int peers) {
    expired.increment(peers);
  }

  public String scrape() {
    return registry.scrape();
  }
}
