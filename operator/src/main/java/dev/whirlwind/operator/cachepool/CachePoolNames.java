package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;

/** Names of the objects of one pool, derived from the pool's name alone. */
public record CachePoolNames(String pool, String namespace) {
  public static final String DAEMON = "cache-daemon";
  public static final String COMPONENT = "cache";
  public static final String DATA_VOLUME = "data";
  public static final int HTTP_PORT = 8080;

  /** The admin API's own port, which the NetworkPolicy closes to all but Whirlwind's pods. */
  public static final int ADMIN_PORT = 8081;

  public static CachePoolNames of(CachePool pool) {
    return new CachePoolNames(pool.getMetadata().getName(), pool.getMetadata().getNamespace());
  }

  public String statefulSet() {
    return pool + "-cache";
  }

  /** Stable per-node DNS names: {@code <pod>.<headless>.<namespace>.svc}. */
  public String headlessService() {
    return pool + "-cache-nodes";
  }

  public String clientService() {
    return pool + "-cache";
  }

  public String configMap() {
    return pool + "-cache-config";
  }

  public String disruptionBudget() {
    return pool + "-cache";
  }

  /** Claims the StatefulSet controller creates from the volume claim template. */
  public String claim(int ordinal) {
    return DATA_VOLUME + "-" + statefulSet() + "-" + ordinal;
  }

  public boolean isClaim(String name) {
    return name.matches(
        java.util.regex.Pattern.quote(DATA_VOLUME + "-" + statefulSet() + "-") + "[0-9]+");
  }

  public String clientUrl() {
    return "http://" + clientService() + "." + namespace + ".svc:" + HTTP_PORT;
  }
}
