package dev.whirlwind.operator.tracker;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;

/** Names of a catalog's tracker objects, derived from the catalog's name alone. */
public record TrackerNames(String catalog, String namespace) {
  public static final String DAEMON = "tracker-daemon";
  public static final String COMPONENT = "tracker";
  public static final String STATE_VOLUME = "state";
  public static final int HTTP_PORT = 6969;

  /** The admin API's own port, which the NetworkPolicy closes to all but Whirlwind's pods. */
  public static final int ADMIN_PORT = 6970;

  /** Browsers' WebSocket tracker (WebRTC peers), open to everyone like the BitTorrent ports. */
  public static final int WEBSOCKET_PORT = 6971;

  public static TrackerNames of(VideoCatalog catalog) {
    return new TrackerNames(catalog.getMetadata().getName(), catalog.getMetadata().getNamespace());
  }

  public String statefulSet() {
    return catalog + "-tracker";
  }

  /** Shard k's pod: {@code <catalog>-tracker-<k>}. */
  public String pod(int shard) {
    return statefulSet() + "-" + shard;
  }

  /** Stable per-shard DNS names: {@code <pod>.<headless>.<namespace>.svc}. */
  public String headlessService() {
    return catalog + "-tracker-shards";
  }

  public String clientService() {
    return catalog + "-tracker";
  }

  public String configMap() {
    return catalog + "-tracker-config";
  }

  public String clientUrl() {
    return "http://" + clientService() + "." + namespace + ".svc:" + HTTP_PORT;
  }
}
