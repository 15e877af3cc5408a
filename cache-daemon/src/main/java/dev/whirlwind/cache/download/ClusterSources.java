package dev.whirlwind.cache.download;

import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.http.DaemonException;
import dev.whirlwind.protocol.tracker.ContentSummary;
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
 * The healthy sources the trackers list for a content, this node left out: other caches (trusted as
 * sources although their addresses are private, since the tracker registered them) and third-party
 * mirrors. A node serving several catalogs asks the owning shard of each.
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

  private final List<TrackerClient> catalogs;
  private final String selfBaseUrl;

  public ClusterSources(List<TrackerClient> catalogs, String selfBaseUrl) {
    this.catalogs = List.copyOf(catalogs);
    this.selfBaseUrl =
        selfBaseUrl.endsWith("/")
            ? selfBaseUrl.substring(0, selfBaseUrl.length() - 1)
            : selfBaseUrl;
  }

  /**
   * What the first catalog's tracker that knows the content says of it.
   *
   * @throws DaemonException with status 404 when no tracker knows it
   */
  public ContentSummary content(ContentId id) throws IOException, InterruptedException {
    IOException last = null;
    for (TrackerClient t : catalogs) {
      try {
        return t.content(id);
      } catch (IOException e) {
        last = e;
      }
    }
    throw last != null ? last : new DaemonException("no trackers", 404, "not_found", id.hex());
  }

  /**
   * Asks the owning shard of every catalog and merges their answers.
   *
   * @throws DaemonException with status 404 when no tracker knows it
   */
  public Found find(ContentId id) throws IOException, InterruptedException {
    List<String> caches = new ArrayList<>();
    List<String> mirrors = new ArrayList<>();
    Set<String> trusted = new HashSet<>();
    IOException last = null;
    boolean known = false;
    for (TrackerClient t : catalogs) {
      SourceReport report;
      try {
        report = t.sources(id);
      } catch (IOException e) {
        last = e;
        continue;
      }
      known = true;
      for (SourceInfo s : report.sources()) {
        if (!s.healthy() || s.url().startsWith(selfBaseUrl + "/")) {
          continue;
        }
        if ("cache".equals(s.kind())) {
          if (!caches.contains(s.url())) {
            caches.add(s.url());
          }
          URI u = URI.create(s.url());
          trusted.add(u.getHost() + ":" + (u.getPort() < 0 ? 80 : u.getPort()));
        } else if (!mirrors.contains(s.url())) {
          mirrors.add(s.url());
        }
      }
    }
    if (!known) {
      throw last != null ? last : new DaemonException("no trackers", 404, "not_found", id.hex());
    }
    return new Found(List.copyOf(caches), List.copyOf(mirrors), Set.copyOf(trusted));
  }
}
