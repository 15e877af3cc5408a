package dev.whirlwind.operator.locate;

import dev.whirlwind.operator.cachepool.CachePoolNames;
import dev.whirlwind.operator.tracker.TrackerNames;
import dev.whirlwind.operator.transcoder.TranscoderNames;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Daemons in the operator's own cluster: the stable per-pod names of the StatefulSets' headless
 * Services for trackers and caches, and for a profile's transcoders (a Deployment, whose pods have
 * no stable names) the addresses its headless Service resolves to right now.
 */
public final class ClusterDnsLocator implements DaemonLocator {
  @Override
  public String trackerShard(String namespace, String catalog, int shard) {
    TrackerNames n = new TrackerNames(catalog, namespace);
    return "http://"
        + n.pod(shard)
        + "."
        + n.headlessService()
        + "."
        + namespace
        + ".svc:"
        + TrackerNames.HTTP_PORT;
  }

  @Override
  public String trackerService(String namespace, String catalog) {
    return new TrackerNames(catalog, namespace).clientUrl();
  }

  @Override
  public String cacheNode(String namespace, String pool, int ordinal) {
    CachePoolNames n = new CachePoolNames(pool, namespace);
    return "http://"
        + n.statefulSet()
        + "-"
        + ordinal
        + "."
        + n.headlessService()
        + "."
        + namespace
        + ".svc:"
        + CachePoolNames.HTTP_PORT;
  }

  @Override
  public String cacheService(String namespace, String pool) {
    return new CachePoolNames(pool, namespace).clientUrl();
  }

  /**
   * Our trackers' and caches' cluster names keep their host and get the admin port; any other URL
   * (a transcoder's, whose one port is its admin API) stays as it is.
   */
  @Override
  public String adminUrl(String baseUrl) {
    URI u = URI.create(baseUrl);
    int admin =
        switch (u.getPort()) {
          case TrackerNames.HTTP_PORT -> TrackerNames.ADMIN_PORT;
          case CachePoolNames.HTTP_PORT -> CachePoolNames.ADMIN_PORT;
          default -> -1;
        };
    if (admin < 0 || u.getHost() == null || !u.getHost().endsWith(".svc")) {
      return baseUrl;
    }
    return u.getScheme() + "://" + u.getHost() + ":" + admin + u.getRawPath();
  }

  @Override
  public List<String> transcoders(String namespace, String profile) {
    TranscoderNames n = new TranscoderNames(profile, namespace);
    List<String> out = new ArrayList<>();
    try {
      for (InetAddress a :
          InetAddress.getAllByName(n.headlessService() + "." + namespace + ".svc")) {
        String host = a.getHostAddress();
        out.add(
            "http://"
                + (host.contains(":") ? "[" + host + "]" : host)
                + ":"
                + TranscoderNames.HTTP_PORT);
      }
    } catch (UnknownHostException e) {
      // No transcoder pod is ready: nothing to call.
    }
    return out;
  }
}
