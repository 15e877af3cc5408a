package dev.whirlwind.cache.registry;

import dev.whirlwind.cache.stats.ServedBytes;
import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.tracker.CacheHeartbeat;
import dev.whirlwind.protocol.tracker.ContentRecord;
import dev.whirlwind.protocol.tracker.HeartbeatReply;
import dev.whirlwind.protocol.tracker.Shards;
import dev.whirlwind.protocol.tracker.TrackerClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the trackers told what this cache holds: a heartbeat to every shard each interval with the
 * contents that shard owns (and a digest of them), a record published to the owning shard for every
 * new content, the records a restarted tracker asks for published again, and a deregistration first
 * thing on shutdown. A node whose pool serves several catalogs does this for the shards of each:
 * contents are the same bytes whichever catalog names them.
 */
public final class TrackerRegistration implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrackerRegistration.class);

  private final List<TrackerClient> catalogs;
  private final ContentStore store;
  private final String cacheId;
  private final String baseUrl;
  private final String clientUrl;
  private final long capacityBytes;
  private final long bandwidthBytesPerSecond;
  private final ScheduledExecutorService scheduler;
  private final int intervalSeconds;
  private final ServedBytes served;
  private long lastHeartbeatNanos = System.nanoTime();

  public TrackerRegistration(
      List<TrackerClient> catalogs,
      ContentStore store,
      String baseUrl,
      String clientUrl,
      long capacityBytes,
      long bandwidthBytesPerSecond,
      ScheduledExecutorService scheduler,
      int intervalSeconds,
      ServedBytes served) {
    this.served = served;
    this.catalogs = List.copyOf(catalogs);
    this.store = store;
    this.baseUrl = baseUrl;
    this.clientUrl = clientUrl == null || clientUrl.isBlank() ? null : clientUrl;
    this.cacheId = cacheId(baseUrl);
    this.capacityBytes = capacityBytes;
    this.bandwidthBytesPerSecond = bandwidthBytesPerSecond;
    this.scheduler = scheduler;
    this.intervalSeconds = intervalSeconds;
  }

  /** A cache is known to the trackers by its public address, which is unique per node. */
  public static String cacheId(String baseUrl) {
    URI u = URI.create(baseUrl);
    return u.getHost() + "-" + (u.getPort() < 0 ? 80 : u.getPort());
  }

  public String cacheId() {
    return cacheId;
  }

  public void start() {
    scheduler.scheduleWithFixedDelay(this::heartbeatSafely, 0, intervalSeconds, TimeUnit.SECONDS);
  }

  /** A new content: publish its record, then tell its shard we hold it. */
  public void published(StoredContent content) {
    scheduler.execute(
        () -> {
          for (TrackerClient trackers : catalogs) {
            try {
              trackers.publish(record(content));
              adoptHlsIndex(trackers, content);
            } catch (Exception e) {
              LOG.warn(
                  "publishing {} to {} failed (retried with the next heartbeat): {}",
                  content.contentId(),
                  trackers.shardOf(new ContentId(content.contentId())),
                  e.toString());
            }
          }
          heartbeatSafely();
        });
  }

  public void removed(ContentId id) {
    scheduler.execute(this::heartbeatSafely);
  }

  private void heartbeatSafely() {
    try {
      heartbeat();
    } catch (Exception e) {
      LOG.warn("heartbeat failed: {}", e.toString());
    }
  }

  synchronized void heartbeat() throws Exception {
    long now = System.nanoTime();
    double seconds = Math.max(0.001, (now - lastHeartbeatNanos) / 1e9);
    lastHeartbeatNanos = now;
    ServedBytes.Period period = served.drain();
    Exception failed = null;
    for (TrackerClient trackers : catalogs) {
      try {
        heartbeat(trackers, period, seconds);
      } catch (Exception e) {
        failed = e;
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  private void heartbeat(TrackerClient trackers, ServedBytes.Period period, double seconds)
      throws Exception {
    List<String> shards = trackers.shardUrls();
    for (int shard = 0; shard < shards.size(); shard++) {
      List<String> held = new ArrayList<>();
      for (StoredContent c : store.all()) {
        if (Shards.of(new ContentId(c.contentId()), shards.size()) == shard) {
          held.add(c.contentId());
        }
      }
      held.sort(null);
      long free = capacityBytes <= 0 ? 0 : Math.max(0, capacityBytes - store.usedBytes());
      Map<String, Long> rates = new java.util.HashMap<>();
      Map<String, Long> plain = new java.util.HashMap<>();
      for (String id : held) {
        Long bytes = period.all().get(id);
        if (bytes != null) {
          rates.put(id, (long) (bytes / seconds));
        }
        Long p = period.plain().get(id);
        if (p != null) {
          plain.put(id, p);
        }
      }
      HeartbeatReply reply =
          trackers.heartbeat(
              shards.get(shard),
              cacheId,
              new CacheHeartbeat(
                  baseUrl,
                  held,
                  capacityBytes,
                  free,
                  bandwidthBytesPerSecond,
                  rates,
                  plain,
                  digest(held),
                  held.stream().filter(id -> store.hls(new ContentId(id)).isPresent()).toList(),
                  clientUrl));
      for (String missing : reply.missingRecords()) {
        store.get(new ContentId(missing)).ifPresent(c -> republish(trackers, c));
      }
      for (String id : reply.missingHlsIndexes()) {
        store.get(new ContentId(id)).ifPresent(c -> adoptHlsIndex(trackers, c));
      }
    }
  }

  private void republish(TrackerClient trackers, StoredContent c) {
    try {
      trackers.publish(record(c));
      LOG.info("published {} again: the tracker had lost it", c.contentId());
    } catch (Exception e) {
      LOG.warn("publishing {} again failed: {}", c.contentId(), e.toString());
    }
  }

  ContentRecord record(StoredContent c) {
    return new ContentRecord(
        c.contentId(),
        c.sizeBytes(),
        c.extension(),
        c.contentType(),
        c.pieces(),
        c.probeHash(),
        c.urls(),
        store.hls(new ContentId(c.contentId())).orElse(null));
  }

  /**
   * A rendition fetched from the cluster arrives without its HLS fragment index: the tracker's
   * record carries it, so this cache can serve the playlist too. Asked right after the copy is
   * published, and again whenever a heartbeat's reply says this node still lacks an index the
   * tracker has (the record may have gained it after the copy).
   */
  private void adoptHlsIndex(TrackerClient trackers, StoredContent c) {
    ContentId id = new ContentId(c.contentId());
    if (store.hls(id).isPresent()) {
      return;
    }
    try {
      var summary = trackers.content(id);
      if (summary.hls() != null) {
        store.putHls(id, summary.hls());
      }
    } catch (Exception e) {
      LOG.debug("no HLS index for {}: {}", id, e.toString());
    }
  }

  /** SHA-256 over the sorted ids, newline-separated. */
  static String digest(List<String> sortedIds) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (String id : sortedIds) {
      md.update((id + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Drain, step one: no tracker hands this cache out any more. */
  @Override
  public void close() {
    for (TrackerClient trackers : catalogs) {
      for (String shard : trackers.shardUrls()) {
        try {
          trackers.deregister(shard, cacheId);
        } catch (Exception e) {
          LOG.warn("deregistering from {} failed: {}", shard, e.toString());
        }
      }
    }
  }
}
