package dev.whirlwind.operator.standalone;

import dev.whirlwind.crds.v1alpha1.Accelerator;
import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.cachepool.CacheDaemonConfigRenderer;
import dev.whirlwind.operator.cachepool.CachePoolNames;
import dev.whirlwind.operator.locate.StaticLocator;
import dev.whirlwind.operator.render.Manifests;
import dev.whirlwind.operator.tracker.TrackerDaemonConfigRenderer;
import dev.whirlwind.operator.tracker.TrackerNames;
import dev.whirlwind.operator.transcoder.ProfileInputs;
import dev.whirlwind.operator.transcoder.RenditionProfiles;
import dev.whirlwind.operator.transcoder.TranscoderDaemonConfigRenderer;
import dev.whirlwind.operator.transcoder.TranscoderMode;
import dev.whirlwind.operator.transcoder.TranscoderNames;
import dev.whirlwind.protocol.cache.CacheDaemonConfig;
import dev.whirlwind.protocol.tracker.TrackerDaemonConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every daemon of a set of manifests runs on this machine, and with which config: each config
 * is the operator's own render (what the ConfigMap would say), moved to a loopback port and to
 * directories under the work directory. Pure: the same manifests and port book give the same
 * children, so that an edit to the manifest restarts exactly the daemons whose config changed.
 */
public final class LoopbackPlacement {
  /** Bounds what one manifest can make this machine start. */
  public static final int MAX_DAEMONS = 32;

  /** Heartbeats every few seconds: a laptop has no reason to wait the cluster's ten. */
  static final int HEARTBEAT_SECONDS = 2;

  static final int DRAIN_SECONDS = 5;

  static final String LOOPBACK = "127.0.0.1";
  static final String LOOPBACK_NETWORK = "127.0.0.0/8";

  /**
   * The children and the locator the catalog driver and scheduler find them with.
   *
   * @param browserTrackers each catalog's WebSocket trackers ({@code ws://}), in shard order: where
   *     the player page's browsers meet
   */
  public record Placement(
      StaticLocator locator, List<ChildSpec> children, Map<String, List<String>> browserTrackers) {}

  /** Directories and the token file a child's config names. */
  public interface Paths {
    Path data(String daemon);

    Path tokenFile();
  }

  private LoopbackPlacement() {}

  /**
   * @param gpu whether this machine has an NVIDIA GPU: profiles that ask for one (or auto) get it,
   *     otherwise they run on the CPU as the operator's fallback would
   */
  public static Placement place(Manifests manifests, PortBook ports, Paths paths, boolean gpu) {
    int wanted = count(manifests);
    if (wanted > MAX_DAEMONS) {
      throw new IllegalArgumentException(
          "the manifests ask for "
              + wanted
              + " daemons; standalone mode runs at most "
              + MAX_DAEMONS
              + " on one machine (lower replicas or shards)");
    }
    StaticLocator locator = new StaticLocator();
    Map<String, List<String>> shards = new LinkedHashMap<>();
    for (VideoCatalog c : manifests.catalogs()) {
      List<String> urls = new ArrayList<>();
      for (int k = 0; k < c.getSpec().trackers.shards; k++) {
        String url = url(ports.port(name(c, TrackerNames.of(c).pod(k))));
        locator.trackerShard(c.getMetadata().getNamespace(), c.getMetadata().getName(), k, url);
        urls.add(url);
      }
      shards.put(key(c), urls);
    }
    for (CachePool p : manifests.pools()) {
      for (int i = 0; i < p.getSpec().replicas; i++) {
        String n = name(p, CachePoolNames.of(p).statefulSet() + "-" + i);
        locator.cacheNode(
            p.getMetadata().getNamespace(), p.getMetadata().getName(), i, url(ports.port(n)));
      }
    }
    for (TranscodeProfile t : manifests.profiles()) {
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < replicas(t); i++) {
        urls.add(url(ports.port(transcoderName(t, i))));
      }
      locator.transcoders(t.getMetadata().getNamespace(), t.getMetadata().getName(), urls);
    }

    List<ChildSpec> children = new ArrayList<>();
    for (VideoCatalog c : manifests.catalogs()) {
      List<String> urls = shards.get(key(c));
      for (int k = 0; k < urls.size(); k++) {
        children.add(tracker(c, k, urls, ports, paths));
      }
    }
    for (CachePool p : manifests.pools()) {
      List<List<String>> trackers = new ArrayList<>();
      manifests.catalogsOf(p).forEach(c -> trackers.add(shards.get(key(c))));
      for (int i = 0; i < p.getSpec().replicas; i++) {
        children.add(cache(p, i, trackers, ports, paths));
      }
    }
    for (TranscodeProfile t : manifests.profiles()) {
      ProfileInputs inputs;
      try {
        inputs =
            new ProfileInputs(
                OperatorConfig.defaults().images(), RenditionProfiles.of(t), mode(t, gpu));
      } catch (IllegalArgumentException e) {
        // The catalog's status says the profile is invalid; no daemon is started for it.
        continue;
      }
      for (int i = 0; i < replicas(t); i++) {
        children.add(transcoder(t, i, inputs, ports, paths));
      }
    }
    // Named after the daemons (the trackers took their WebSocket ports above), so that the port
    // book hands out ports in the order earlier runs recorded.
    Map<String, List<String>> browserTrackers = new LinkedHashMap<>();
    for (VideoCatalog c : manifests.catalogs()) {
      List<String> webSockets = new ArrayList<>();
      for (int k = 0; k < c.getSpec().trackers.shards; k++) {
        String n = name(c, TrackerNames.of(c).pod(k));
        webSockets.add("ws://" + LOOPBACK + ":" + ports.port(webSocketName(n)));
      }
      browserTrackers.put(key(c), List.copyOf(webSockets));
    }
    return new Placement(locator, List.copyOf(children), Map.copyOf(browserTrackers));
  }

  /** The port book's name for a tracker's WebSocket port. */
  private static String webSocketName(String tracker) {
    return tracker + " websocket";
  }

  private static ChildSpec tracker(
      VideoCatalog c, int k, List<String> shardUrls, PortBook ports, Paths paths) {
    String n = name(c, TrackerNames.of(c).pod(k));
    int port = ports.port(n);
    // Browsers' WebSocket tracker: the player page's pages trade segments through it.
    int webSocketPort = ports.port(webSocketName(n));
    TrackerDaemonConfig rendered = TrackerDaemonConfigRenderer.render(c, shardUrls);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("bindAddress", LOOPBACK);
    o.put("httpPort", port);
    // One port per daemon on loopback: nothing but this machine reaches it anyway.
    o.put("adminPort", 0);
    o.put("udpPort", port);
    o.put("webSocket", rendered.webSocket().withPort(webSocketPort));
    o.put("stateDir", paths.data(n).toString());
    o.put("adminTokenFile", paths.tokenFile().toString());
    o.put("shardIndex", k);
    o.put("cacheHeartbeatIntervalSeconds", HEARTBEAT_SECONDS);
    return new ChildSpec(
        n,
        TrackerNames.DAEMON,
        "tracker shard " + k + " of catalog " + key(c),
        ConfigOverrides.apply(rendered, o),
        url(port),
        List.of(port, webSocketPort),
        List.of(port),
        256);
  }

  private static ChildSpec cache(
      CachePool p, int i, List<List<String>> trackers, PortBook ports, Paths paths) {
    String n = name(p, CachePoolNames.of(p).statefulSet() + "-" + i);
    int port = ports.port(n);
    CacheDaemonConfig rendered = CacheDaemonConfigRenderer.render(p, trackers);
    List<String> networks = new ArrayList<>(rendered.allowedOriginNetworks());
    // The built-in origin and every other daemon are on loopback, which a cache refuses unless
    // told otherwise (the defence against origins that point inside the network).
    if (!networks.contains(LOOPBACK_NETWORK)) {
      networks.add(LOOPBACK_NETWORK);
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("bindAddress", LOOPBACK);
    o.put("port", port);
    o.put("adminPort", 0);
    o.put("publicBaseUrl", url(port));
    o.put("dataDir", paths.data(n).toString());
    o.put("adminTokenFile", paths.tokenFile().toString());
    o.put("allowedOriginNetworks", networks);
    o.put("heartbeatIntervalSeconds", HEARTBEAT_SECONDS);
    // Ctrl-C should not wait the cluster's grace period for players that are still reading.
    o.put("drainGracePeriodSeconds", Math.min(rendered.drainGracePeriodSeconds(), DRAIN_SECONDS));
    return new ChildSpec(
        n,
        CachePoolNames.DAEMON,
        "cache " + i + " of pool " + key(p),
        ConfigOverrides.apply(rendered, o),
        url(port),
        List.of(port),
        List.of(),
        512);
  }

  private static ChildSpec transcoder(
      TranscodeProfile t, int i, ProfileInputs inputs, PortBook ports, Paths paths) {
    String n = transcoderName(t, i);
    int port = ports.port(n);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("bindAddress", LOOPBACK);
    o.put("port", port);
    o.put("name", n);
    o.put("stateDir", paths.data(n).toString());
    o.put("adminTokenFile", paths.tokenFile().toString());
    return new ChildSpec(
        n,
        TranscoderNames.DAEMON,
        "transcoder " + i + " of profile " + key(t) + " (" + inputs.mode().wire() + ")",
        ConfigOverrides.apply(TranscoderDaemonConfigRenderer.render(t, inputs), o),
        url(port),
        List.of(port),
        List.of(),
        1024);
  }

  static TranscoderMode mode(TranscodeProfile t, boolean gpu) {
    return gpu && t.getSpec().accelerator != Accelerator.CPU
        ? TranscoderMode.GPU
        : TranscoderMode.CPU;
  }

  private static int count(Manifests m) {
    int n = 0;
    for (VideoCatalog c : m.catalogs()) {
      n += c.getSpec().trackers.shards;
    }
    for (CachePool p : m.pools()) {
      n += p.getSpec().replicas;
    }
    for (TranscodeProfile t : m.profiles()) {
      n += replicas(t);
    }
    return n;
  }

  private static int replicas(TranscodeProfile t) {
    return t.getSpec().replicas == null ? 1 : Math.max(1, t.getSpec().replicas);
  }

  private static String transcoderName(TranscodeProfile t, int i) {
    return name(t, TranscoderNames.of(t).deployment() + "-" + i);
  }

  /** The pod name, behind its namespace unless that is {@code default}. */
  private static String name(io.fabric8.kubernetes.api.model.HasMetadata owner, String pod) {
    String ns = owner.getMetadata().getNamespace();
    return "default".equals(ns) ? pod : ns + "." + pod;
  }

  private static String key(io.fabric8.kubernetes.api.model.HasMetadata r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  static String url(int port) {
    return "http://" + LOOPBACK + ":" + port;
  }
}
