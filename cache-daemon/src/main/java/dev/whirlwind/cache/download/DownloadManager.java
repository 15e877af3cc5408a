package dev.whirlwind.cache.download;

import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.cache.DownloadState;
import dev.whirlwind.protocol.cache.DownloadStatus;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.content.DiskErrors;
import dev.whirlwind.protocol.content.MediaTypes;
import dev.whirlwind.protocol.runtime.DaemonThreads;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Download orders: at most {@code maxConcurrentDownloads} run at once, the rest queue; every order
 * is persisted, so after a restart unfinished ones resume where their bitmap says and finished ones
 * are still answered for. An order may carry an idempotency key: while the order known under it is
 * queued, running, or completed with its content still stored, submitting the key again answers
 * with that order instead of starting another. The newest {@code finishedKept} finished orders are
 * remembered, in memory and on disk.
 */
public final class DownloadManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DownloadManager.class);
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:/@+=-]{1,256}");

  private final Path dir;
  private final ContentStore store;
  private final RangeFetcher fetcher;
  private final ExecutorService runners;
  private final ExecutorService workers;
  private final long stallMillis;
  private final int connectionsPerSource;
  private final int finishedKept;
  private final Consumer<StoredContent> published;
  // Orders of this run, finished ones included, by order id.
  private final ConcurrentHashMap<String, Download> downloads = new ConcurrentHashMap<>();
  // Orders a previous run finished, by order id.
  private final ConcurrentHashMap<String, DownloadStatus> past = new ConcurrentHashMap<>();
  // The latest order id under each idempotency key.
  private final ConcurrentHashMap<String, String> byKey = new ConcurrentHashMap<>();
  private volatile boolean stopping;
  private final java.util.function.LongPredicate makeRoom;
  private volatile ClusterSources cluster;
  private final int maxUnfinished;
  private final java.util.concurrent.atomic.LongAdder fetched =
      new java.util.concurrent.atomic.LongAdder();

  public DownloadManager(
      Path dataDir,
      ContentStore store,
      OriginGuard guard,
      int maxConcurrent,
      int stallTimeoutSeconds,
      int connectionsPerSource,
      int finishedKept,
      int maxUnfinished,
      Consumer<StoredContent> published,
      java.util.function.LongPredicate makeRoom)
      throws IOException {
    this.makeRoom = makeRoom;
    this.maxUnfinished = maxUnfinished;
    this.dir = Files.createDirectories(dataDir.resolve("downloads"));
    this.store = store;
    // A source that stops answering gives its piece back well before the order's stall timer
    // fires, so the other sources can finish it.
    this.fetcher =
        new RangeFetcher(
            guard, (int) Math.max(1000, Math.min(30_000, stallTimeoutSeconds * 1000L / 3)));
    this.runners = Executors.newFixedThreadPool(maxConcurrent, DaemonThreads.named("download"));
    this.workers = Executors.newCachedThreadPool(DaemonThreads.named("download-worker"));
    this.stallMillis = stallTimeoutSeconds * 1000L;
    this.connectionsPerSource = connectionsPerSource;
    this.finishedKept = finishedKept;
    this.published = published;
  }

  /**
   * Orders with an expected id also fetch from the caches the trackers know to hold it; set before
   * {@link #resume()}.
   */
  public void useClusterSources(ClusterSources cluster) {
    this.cluster = cluster;
  }

  /** Resumes every order a previous run left unfinished and remembers the finished ones. */
  public void resume() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        OrderRecord.Saved saved;
        try {
          saved = OrderRecord.read(f);
        } catch (IOException e) {
          LOG.warn("unreadable download record {}: {}", f.getFileName(), e.getMessage());
          continue;
        }
        if (saved.finishedState() != null) {
          past.put(saved.id(), saved.status());
          if (saved.order() != null && saved.order().key() != null) {
            byKey.merge(saved.order().key(), saved.id(), this::newerOf);
          }
          continue;
        }
        LOG.info("resuming download {}", saved.id());
        Download d;
        try {
          d = start(saved.id(), saved.order(), saved.bitmap(), saved.submittedAtMillis());
        } catch (RuntimeException e) {
          // A disk too full to take the record: this order fails, the node goes on serving.
          failAtResume(saved, e);
          continue;
        }
        if (saved.order().key() != null) {
          byKey.put(saved.order().key(), d.id);
        }
      }
    }
    forgetOldestFinished();
  }

  private void failAtResume(OrderRecord.Saved saved, RuntimeException e) {
    String reason =
        (DiskErrors.isNoSpace(e) ? "insufficient_storage: " : "")
            + "could not resume after a restart: "
            + e.getMessage();
    LOG.warn("download {}: {}", saved.id(), reason);
    long now = System.currentTimeMillis();
    OrderRecord record =
        new OrderRecord(dir, saved.id(), saved.order(), null, saved.submittedAtMillis());
    record.saveFinished(DownloadState.Failed, reason, null, saved.order().sizeBytes(), now);
    past.put(
        saved.id(),
        new DownloadStatus(
            saved.id(),
            DownloadState.Failed,
            null,
            saved.order().sizeBytes(),
            0,
            0,
            0,
            reason,
            List.of(),
            saved.order().key(),
            OrderRecord.instant(saved.submittedAtMillis()),
            OrderRecord.instant(now)));
  }

  /** Of two orders under one key, the one submitted later. */
  private String newerOf(String a, String b) {
    return submittedAt(a).compareTo(submittedAt(b)) >= 0 ? a : b;
  }

  private String submittedAt(String orderId) {
    return status(orderId).map(DownloadStatus::submittedAt).orElse("");
  }

  /**
   * Accepts an order, or answers with the one its key names.
   *
   * @throws IllegalArgumentException when the order is malformed
   */
  public synchronized DownloadStatus submit(DownloadOrder order) {
    validate(order);
    if (order.key() != null) {
      Optional<DownloadStatus> known =
          Optional.ofNullable(byKey.get(order.key())).flatMap(this::status);
      if (known.isPresent() && stands(known.get())) {
        if (order.pin() && known.get().contentId() != null) {
          pinLater(new ContentId(known.get().contentId()));
        }
        return known.get();
      }
    }
    if (order.sha256() != null && store.get(new ContentId(order.sha256())).isPresent()) {
      if (order.pin()) {
        pinLater(new ContentId(order.sha256()));
      }
      return alreadyStored(order);
    }
    if (active() >= maxUnfinished) {
      throw new Full(
          "this node has its maximum of "
              + maxUnfinished
              + " orders queued or running; try again later");
    }
    String id = UUID.randomUUID().toString();
    Download d = start(id, order, null, System.currentTimeMillis());
    if (order.key() != null) {
      byKey.put(order.key(), id);
    }
    return d.status();
  }

  /**
   * Whether an order still answers for its key: unfinished, or completed with its content stored. A
   * failed or cancelled order, or a completed one whose content was evicted or deleted, is done
   * again.
   */
  private boolean stands(DownloadStatus s) {
    if (!s.state().finished()) {
      return true;
    }
    return s.state() == DownloadState.Completed
        && s.contentId() != null
        && store.get(new ContentId(s.contentId())).isPresent();
  }

  /**
   * An order for a content this node holds: nothing is fetched. Keyed orders are remembered as
   * completed, so their orderer can find them like any other.
   */
  private DownloadStatus alreadyStored(DownloadOrder order) {
    String reason = order.pin() ? "already stored; pinned" : "already stored";
    long now = System.currentTimeMillis();
    long size = store.get(new ContentId(order.sha256())).map(StoredContent::sizeBytes).orElse(0L);
    String id =
        order.key() == null
            ? "done-" + order.sha256().substring(0, 16)
            : UUID.randomUUID().toString();
    DownloadStatus status =
        new DownloadStatus(
            id,
            DownloadState.Completed,
            order.sha256(),
            size,
            size,
            0,
            0,
            reason,
            List.of(),
            order.key(),
            OrderRecord.instant(now),
            OrderRecord.instant(now));
    // Recorded like any finished order, so its id answers after a restart too.
    new OrderRecord(dir, id, order, null, now)
        .saveFinished(DownloadState.Completed, reason, order.sha256(), size, now);
    past.put(id, status);
    if (order.key() != null) {
      byKey.put(order.key(), id);
    }
    forgetOldestFinished();
    return status;
  }

  private void pinLater(ContentId held) {
    workers.execute(
        () -> {
          try {
            store.setPinned(held, true);
          } catch (IOException e) {
            LOG.warn("pinning {} failed: {}", held, e.getMessage());
          }
        });
  }

  static final int MAX_URLS = 64;
  static final int MAX_URL_LENGTH = 4096;

  private static void validate(DownloadOrder order) {
    if (order.allUrls().isEmpty()) {
      throw new IllegalArgumentException("an order needs at least one URL");
    }
    if (order.allUrls().size() > MAX_URLS) {
      throw new IllegalArgumentException(
          "an order names at most " + MAX_URLS + " URLs, got " + order.allUrls().size());
    }
    if (order.sizeBytes() < 0) {
      throw new IllegalArgumentException("sizeBytes must be 0 (unknown) or more");
    }
    if (order.contentType() != null && !MediaTypes.isValid(order.contentType())) {
      throw new IllegalArgumentException(
          "contentType must be a media type such as video/mp4 (no control characters, at most "
              + MediaTypes.MAX_LENGTH
              + " characters)");
    }
    if (order.extension() != null && !MediaTypes.isValidExtension(order.extension())) {
      throw new IllegalArgumentException("extension must be 1-8 of [a-z0-9], such as mp4");
    }
    for (String u : order.allUrls()) {
      if (u == null || u.length() > MAX_URL_LENGTH) {
        throw new IllegalArgumentException(
            "each URL must be set and at most " + MAX_URL_LENGTH + " characters");
      }
      URI uri;
      try {
        uri = URI.create(u);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a URL: " + u);
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException("only http(s) URLs with a host are fetched: " + u);
      }
    }
    if (order.key() != null && !KEY.matcher(order.key()).matches()) {
      throw new IllegalArgumentException(
          "key must be 1-" + DownloadOrder.MAX_KEY_LENGTH + " of [A-Za-z0-9._:/@+=-]");
    }
    if (!order.cacheUrls().isEmpty() && order.sha256() == null) {
      throw new IllegalArgumentException("cacheUrls need sha256: a cache serves contents by id");
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
  }

  /**
   * Fetches a content for pull-through: like an order, but the given cache hosts are trusted
   * sources although their addresses are private.
   */
  public Fetching fetchThrough(DownloadOrder order, Set<String> trustedHostPorts) {
    String id = UUID.randomUUID().toString();
    // The planner already asked the tracker: no second lookup of cluster caches.
    return start(
        id, order, null, fetcher.trusting(trustedHostPorts), null, System.currentTimeMillis());
  }

  private Download start(String id, DownloadOrder order, String bitmap, long submittedAt) {
    // The caches an order names are trusted like those the trackers list.
    RangeFetcher f =
        order.cacheUrls().isEmpty() ? fetcher : fetcher.trusting(hostPorts(order.cacheUrls()));
    return start(id, order, bitmap, f, cluster, submittedAt);
  }

  static Set<String> hostPorts(List<String> urls) {
    Set<String> out = new HashSet<>();
    for (String u : urls) {
      URI uri = URI.create(u);
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      out.add(uri.getHost() + ":" + port);
    }
    return out;
  }

  private Download start(
      String id,
      DownloadOrder order,
      String bitmap,
      RangeFetcher fetcher,
      ClusterSources cluster,
      long submittedAt) {
    OrderRecord record = new OrderRecord(dir, id, order, bitmap, submittedAt);
    record.saveUnfinished();
    Download d =
        new Download(
            id,
            order,
            record,
            store,
            fetcher,
            workers,
            stallMillis,
            connectionsPerSource,
            fetched,
            cluster,
            published,
            () -> stopping,
            makeRoom,
            submittedAt);
    downloads.put(id, d);
    d.result.whenComplete((stored, error) -> forgetOldestFinished());
    runners.execute(d);
    return d;
  }

  /** A new order past {@code maxQueuedDownloads}: answered 503, nothing is queued. */
  public static final class Full extends RuntimeException {
    Full(String message) {
      super(message, null, false, false);
    }
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
    if (d != null) {
      return Optional.of(d.status());
    }
    return Optional.ofNullable(past.get(id));
  }

  /** Every order this node knows, oldest first: unfinished ones and the newest finished ones. */
  public List<DownloadStatus> list() {
    List<DownloadStatus> all = new ArrayList<>(past.values());
    for (Download d : downloads.values()) {
      all.add(d.status());
    }
    all.sort(
        Comparator.comparing((DownloadStatus s) -> s.submittedAt() == null ? "" : s.submittedAt()));
    return all;
  }

  /**
   * Cancels an unfinished order (its partial file is removed); a finished one is left as it is.
   * Empty when no order has the id.
   */
  public Optional<DownloadStatus> cancel(String id) {
    Download d = downloads.get(id);
    if (d == null) {
      return Optional.ofNullable(past.get(id));
    }
    if (d.cancel()) {
      LOG.info("download {} is being cancelled", id);
    }
    return Optional.of(d.status());
  }

  /** Keeps at most {@code finishedKept} finished orders, in memory and on disk. */
  private synchronized void forgetOldestFinished() {
    record Finished(String id, String at) {}
    List<Finished> finished = new ArrayList<>();
    past.forEach((id, s) -> finished.add(new Finished(id, String.valueOf(s.finishedAt()))));
    downloads.forEach(
        (id, d) -> {
          if (d.finished()) {
            finished.add(new Finished(id, OrderRecord.instant(d.finishedAtMillis()) + ""));
          }
        });
    int excess = finished.size() - finishedKept;
    if (excess <= 0) {
      return;
    }
    finished.sort(Comparator.comparing(Finished::at));
    for (Finished f : finished.subList(0, excess)) {
      past.remove(f.id());
      downloads.remove(f.id());
      byKey.values().remove(f.id());
      OrderRecord.delete(dir, f.id());
    }
  }

  @Override
  public void close() {
    stopping = true;
    runners.shutdownNow();
    workers.shutdownNow();
  }
}
