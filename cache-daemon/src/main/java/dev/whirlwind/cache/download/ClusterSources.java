package dev.whirlwind.cache.download;

import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.tracker.SourceInfo;
import dev.whirlwind.protocol.tracker.SourceReport;
import dev.whirlwind.protocol.tracker.TrackerClient;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The healthy sources the owning tracker shard lists for a content, this node left out: other
 * caches (trusted as sources although their addresses are private, since the tracker registered
 * them) and third-party mirrors.
 */
public final class ClusterSources {
  /**
   * @param caches URLs of other caches holding the content, best first
   * @param mirrors URLs of healthy third-party mirrors
   * @param trustedHostPorts {@code host:port} of those caches
   */
  public record Found(List<String> caches, List<String> mirrors, Set<String> trustedHostPorts) {
    public static final Found NONE = new Found(List.of(), List.of(), Set.of());
  }

  private final TrackerClient trackers;
  private final String selfBaseUrl;

  public ClusterSources(TrackerClient trackers, String selfBaseUrl) {
    this.trackers = trackers;
    this.selfBaseUrl =
        selfBaseUrl.endsWith("/")
            ? selfBaseUrl.substring(0, selfBaseUrl.length() - 1)
            : selfBaseUrl;
  }

  public TrackerClient trackers() {
    return trackers;
  }

  /**
   * Asks the owning shard.
   *
   * @throws TrackerClient.TrackerException with status 404 when the tracker does not know it
   */
  public Found find(ContentId id) throws IOException, InterruptedException {
    SourceReport report = trackers.sources(id);
    List<String> caches = new ArrayList<>();
    List<String> mirrors = new ArrayList<>();
    Set<String> trusted = new HashSet<>();
    for (SourceInfo s : report.sources()) {
      if (!s.healthy() || s.url().startsWith(selfBaseUrl + "/")) {
        continue;
      }
      if ("cache".equals(s.kind())) {
        caches.add(s.url());
        URI u = URI.create(s.url());
        trusted.add(u.getHost() + ":" + (u.getPort() < 0 ? 80 : u.getPort()));
      } else {
        mirrors.add(s.url());
      }
    }
    return new Found(List.copyOf(caches), List.copyOf(mirrors), Set.copyOf(trusted));
  }
}
