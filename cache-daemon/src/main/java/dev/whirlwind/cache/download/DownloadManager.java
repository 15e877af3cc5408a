package dev.whirlwind.cache.download;

import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.cache.DownloadStatus;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.runtime.DaemonThreads;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Download orders: at most {@code maxConcurrentDownloads} run at once, the rest queue; every order
 * is persisted, so after a restart unfinished ones resume where their bitmap says.
 */
public final class DownloadManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DownloadManager.class);

  private final Path dir;
  private final ContentStore store;
  private final RangeFetcher fetcher;
  private final OriginGuard guard;
  private final ExecutorService runners;
  private final ExecutorService workers;
  private final long stallMillis;
  private final int connectionsPerSource;
  private final Consumer<StoredContent> published;
  private final ConcurrentHashMap<String, Download> downloads = new ConcurrentHashMap<>();
  private volatile boolean stopping;
  private final java.util.function.LongPredicate makeRoom;
  private volatile ClusterSources cluster;
  private final java.util.concurrent.atomic.LongAdder fetched =
      new java.util.concurrent.atomic.LongAdder();

  public DownloadManager(
      Path dataDir,
      ContentStore store,
      OriginGuard guard,
      int maxConcurrent,
      int stallTimeoutSeconds,
      int connectionsPerSource,
      Consumer<StoredContent> published,
      java.util.function.LongPredicate makeRoom)
      throws IOException {
    this.makeRoom = makeRoom;
    this.dir = Files.createDirectories(dataDir.resolve("downloads"));
    this.store = store;
    this.guard = guard;
    this.fetcher = new RangeFetcher(guard, 30_000);
    this.runners = Executors.newFixedThreadPool(maxConcurrent, DaemonThreads.named("download"));
    this.workers = Executors.newCachedThreadPool(DaemonThreads.named("download-worker"));
    this.stallMillis = stallTimeoutSeconds * 1000L;
    this.connectionsPerSource = connectionsPerSource;
    this.published = published;
  }

  /**
   * Orders with an expected id also fetch from the caches the trackers know to hold it; set before
   * {@link #resume()}.
   */
  public void useClusterSources(ClusterSources cluster) {
    this.cluster = cluster;
  }

  /** Resumes every order a previous run left unfinished. */
  public void resume() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        DownloadState.Saved saved;
        try {
          saved = DownloadState.read(f);
        } catch (IOException e) {
          LOG.warn("unreadable download record {}: {}", f.getFileName(), e.getMessage());
          continue;
        }
        if (saved.failure() != null) {
          continue;
        }
        LOG.info("resuming download {}", saved.id());
        start(saved.id(), saved.order(), saved.bitmap());
      }
    }
  }

  /**
   * Accepts an order.
   *
   * @throws IllegalArgumentException when the order is malformed
   */
  public DownloadStatus submit(DownloadOrder order) {
    if (order.urls() == null || order.urls().isEmpty()) {
      throw new IllegalArgumentException("an order needs at least one URL");
    }
    for (String u : order.urls()) {
      URI uri;
      try {
        uri = URI.create(u);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a URL: " + u);
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("only http(s) URLs are fetched: " + u);
      }
    }
    if (order.pieces() != null) {
      byte[] pieces;
      try {
        pieces = java.util.Base64.getDecoder().decode(order.pieces());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("pieces must be base64");
      }
      long expected =
          order.sizeBytes() > 0
              ? dev.whirlwind.protocol.content.TorrentInfo.pieceCount(order.sizeBytes()) * 20
              : -1;
      if (pieces.length != expected) {
        throw new IllegalArgumentException(
            "pieces needs sizeBytes and one 20-byte SHA-1 per canonical piece");
      }
    }
    if (order.sha256() != null && !ContentId.isValid(order.sha256())) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
    }
    if (order.sha256() != null && store.get(new ContentId(order.sha256())).isPresent()) {
      if (order.pin()) {
        ContentId held = new ContentId(order.sha256());
        workers.execute(
            () -> {
              try {
                store.setPinned(held, true);
              } catch (IOException e) {
                LOG.warn("pinning {} failed: {}", held, e.getMessage());
              }
            });
      }
      return new DownloadStatus(
          "done-" + order.sha256().substring(0, 16),
          "Completed",
          order.sha256(),
          0,
          0,
          0,
          0,
          order.pin() ? "already stored; pinned" : "already stored",
          java.util.List.of());
    }
    String id = UUID.randomUUID().toString();
    return start(id, order, null).status();
  }

  /**
   * Fetches a content for pull-through: like an order, but the given cache hosts are trusted
   * sources although their addresses are private.
   */
  public Fetching fetchThrough(DownloadOrder order, java.util.Set<String> trustedHostPorts) {
    String id = UUID.randomUUID().toString();
    // The planner already asked the tracker: no second lookup of cluster caches.
    return start(id, order, null, fetcher.trusting(trustedHostPorts), null);
  }

  private Download start(String id, DownloadOrder order, String bitmap) {
    return start(id, order, bitmap, fetcher, cluster);
  }

  private Download start(
      String id, DownloadOrder order, String bitmap, RangeFetcher fetcher, ClusterSources cluster) {
    DownloadState state = new DownloadState(dir, id, order, bitmap);
    state.save(null);
    Download d =
        new Download(
            id,
            order,
            state,
            store,
            fetcher,
            workers,
            stallMillis,
            connectionsPerSource,
            fetched,
            cluster,
            published,
            () -> stopping,
            makeRoom);
    downloads.put(id, d);
    runners.execute(d);
    return d;
  }

  /** Bytes every download of this run fetched from its sources, refused pieces included. */
  public long fetchedBytes() {
    return fetched.sum();
  }

  /** Orders running or queued. */
  public int active() {
    int n = 0;
    for (Download d : downloads.values()) {
      n += d.finished() ? 0 : 1;
    }
    return n;
  }

  public Optional<DownloadStatus> status(String id) {
    Download d = downloads.get(id);
    return d == null ? Optional.empty() : Optional.of(d.status());
  }

  @Override
  public void close() {
    stopping = true;
    runners.shutdownNow();
    workers.shutdownNow();
  }
}
