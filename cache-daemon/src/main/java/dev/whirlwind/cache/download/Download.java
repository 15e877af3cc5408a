package dev.whirlwind.cache.download;

import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.cache.DownloadState;
import dev.whirlwind.protocol.cache.DownloadStatus;
import dev.whirlwind.protocol.content.ContentHasher;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.content.DiskErrors;
import dev.whirlwind.protocol.content.TorrentInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cloud download: the content split into its canonical pieces, fetched ranged and in parallel
 * from every source, written at their offsets, the piece bitmap persisted so a killed daemon
 * resumes, the whole SHA-256 verified before publishing. When the bytes do not hash to the expected
 * id, each source's pieces are fetched again from the others until the culprit is found: it is
 * penalised and reported, and the good sources finish the job.
 */
final class Download implements Runnable, Fetching {
  private static final Logger LOG = LoggerFactory.getLogger(Download.class);

  final String id;
  final DownloadOrder order;
  private final OrderRecord persisted;
  private final ContentStore store;
  private RangeFetcher fetcher;
  private final ClusterSources cluster;
  private final java.util.concurrent.atomic.LongAdder fetched;
  private final ExecutorService workers;
  private final long stallMillis;
  private final int connectionsPerSource;
  private final java.util.function.Consumer<StoredContent> published;
  private final java.util.function.BooleanSupplier stopping;
  private final java.util.function.LongPredicate makeRoom;
  private final List<SourceState> sources = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Completes when the content is published, or fails with the reason. */
  final java.util.concurrent.CompletableFuture<StoredContent> result =
      new java.util.concurrent.CompletableFuture<>();

  private final AtomicLong bytesDone = new AtomicLong();
  private final AtomicLong lastProgress = new AtomicLong(System.currentTimeMillis());
  private final long submittedAt;
  private volatile long startedAt = System.currentTimeMillis();
  // Bytes fetched before this run (a resume): not part of this run's rate.
  private volatile long bytesAtStart;
  private volatile long finishedAt;
  private final java.util.concurrent.atomic.AtomicBoolean cancelled =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile DownloadState state = DownloadState.Queued;
  private volatile String reason;
  private volatile String contentId;
  private volatile long size;
  private volatile String contentType;
  private int[] servedBy;
  private BitSet done;
  private InOrderHasher hasher;
  // Set before the workers start, dropped when the run ends.
  private HashPipeline hashing;
  private volatile long verifiedBytes;
  private final ProgressSignal progress = new ProgressSignal();

  Download(
      String id,
      DownloadOrder order,
      OrderRecord persisted,
      ContentStore store,
      RangeFetcher fetcher,
      ExecutorService workers,
      long stallMillis,
      int connectionsPerSource,
      java.util.concurrent.atomic.LongAdder fetched,
      ClusterSources cluster,
      java.util.function.Consumer<StoredContent> published,
      java.util.function.BooleanSupplier stopping,
      java.util.function.LongPredicate makeRoom,
      long submittedAt) {
    this.makeRoom = makeRoom;
    this.submittedAt = submittedAt;
    this.id = id;
    this.stopping = stopping;
    this.order = order;
    this.persisted = persisted;
    this.store = store;
    this.fetcher = fetcher;
    this.workers = workers;
    this.stallMillis = stallMillis;
    this.connectionsPerSource = connectionsPerSource;
    this.cluster = cluster;
    this.fetched = fetched;
    this.published = published;
    for (String u : order.allUrls()) {
      sources.add(new SourceState(URI.create(u)));
    }
    result.whenComplete((stored, error) -> progress.end());
  }

  /**
   * This run's rate in bytes per second: bytes fetched before a resume are not this run's, and no
   * rate is given in the first second, when a few bytes over a few milliseconds say nothing.
   */
  static long rate(long doneBytes, long bytesAtStart, long elapsedMillis) {
    return elapsedMillis < 1000 ? 0 : (doneBytes - bytesAtStart) * 1000 / elapsedMillis;
  }

  DownloadStatus status() {
    long doneBytes = bytesDone.get();
    long rate = rate(doneBytes, bytesAtStart, System.currentTimeMillis() - startedAt);
    long eta = rate > 0 && size > 0 ? (size - doneBytes) / rate : -1;
    List<DownloadStatus.Source> s = new ArrayList<>();
    for (SourceState src : sources) {
      s.add(
          new DownloadStatus.Source(
              src.uri.toString(),
              src.bytes.get(),
              src.failures.get(),
              src.penalised,
              src.lastError));
    }
    return new DownloadStatus(
        id,
        state,
        contentId,
        size > 0 ? size : order.sizeBytes(),
        doneBytes,
        state.finished() ? 0 : rate,
        state.finished() ? 0 : eta,
        reason,
        s,
        order.key(),
        OrderRecord.instant(submittedAt),
        OrderRecord.instant(finishedAt));
  }

  boolean finished() {
    return state.finished();
  }

  long finishedAtMillis() {
    return finishedAt;
  }

  /**
   * Stops the order: a queued one never starts, a running one stops after the pieces in flight.
   * Returns false when it had finished already.
   */
  boolean cancel() {
    if (finished()) {
      return false;
    }
    cancelled.set(true);
    return true;
  }

  @Override
  public void run() {
    try {
      if (cancelled.get()) {
        throw new CancelledOrder();
      }
      startedAt = System.currentTimeMillis();
      state = DownloadState.Downloading;
      addClusterCaches();
      size = discoverSize();
      int pieceLength = TorrentInfo.pieceLength(size);
      int pieces = (int) TorrentInfo.pieceCount(size);
      hasher = new InOrderHasher(size, expectedPieces());
      done = persisted.bitmap(pieces);
      servedBy = new int[pieces];
      for (int i = done.nextSetBit(0); i >= 0; i = done.nextSetBit(i + 1)) {
        bytesDone.addAndGet(Math.min(pieceLength, size - (long) i * pieceLength));
        servedBy[i] = -1; // fetched before a restart: source unknown
      }
      bytesAtStart = bytesDone.get();
      Path part = persisted.partFile();
      try (FileChannel file =
          FileChannel.open(
              part, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        hashing =
            new HashPipeline(
                hasher,
                file,
                pieceLength,
                this::isDone,
                this::refuse,
                verified -> {
                  verifiedBytes = verified;
                  progress.wakeAll();
                });
        hashing.advance(true, null); // pieces fetched before a restart
        while (true) {
          ConcurrentLinkedQueue<Integer> missing = new ConcurrentLinkedQueue<>();
          synchronized (this) {
            for (int i = done.nextClearBit(0); i < pieces; i = done.nextClearBit(i + 1)) {
              missing.add(i);
            }
          }
          if (!missing.isEmpty()) {
            fetchAll(file, missing, pieceLength, null);
          }
          state = DownloadState.Verifying;
          hashing.advance(true, null);
          if (hasher.complete()) {
            break;
          }
          // A piece failed its hash after the workers were done: fetch it again.
          state = DownloadState.Downloading;
        }
        file.force(true);
      }
      ContentHasher.Digest digest = hasher.finish();
      String expected = order.sha256();
      if (expected != null && !digest.contentId().hex().equals(expected)) {
        digest = findCulprit(part, pieceLength, new ContentId(expected));
      }
      contentId = digest.contentId().hex();
      if (!makeRoom.test(size)) {
        throw new IOException(
            size + " bytes do not fit even after eviction: pinned contents fill the node");
      }
      StoredContent stored =
          store.publish(
              part,
              new StoredContent(
                  contentId,
                  size,
                  order.contentType() != null
                      ? order.contentType()
                      : dev.whirlwind.protocol.content.MediaTypes.orDefault(contentType),
                  order.extension() != null ? order.extension() : "bin",
                  Base64.getEncoder().encodeToString(digest.pieces()),
                  null,
                  order.urls(),
                  order.pin(),
                  System.currentTimeMillis()));
      finishedAt = System.currentTimeMillis();
      persisted.saveFinished(DownloadState.Completed, null, contentId, size, finishedAt);
      state = DownloadState.Completed;
      LOG.info("download {} completed: content {} ({} bytes)", id, contentId, size);
      published.accept(stored);
      result.complete(stored);
    } catch (Exception e) {
      if (cancelled.get()) {
        reason = "cancelled";
        finishedAt = System.currentTimeMillis();
        state = DownloadState.Cancelled;
        persisted.saveFinished(
            DownloadState.Cancelled,
            reason,
            contentId,
            size > 0 ? size : order.sizeBytes(),
            finishedAt);
        result.completeExceptionally(new IOException(reason));
        LOG.info("download {} cancelled", id);
        return;
      }
      if (stopping.getAsBoolean()) {
        // The daemon is shutting down: keep what was fetched, the next start resumes from it.
        synchronized (this) {
          if (done != null) {
            persisted.saveBitmap(done);
          }
        }
        state = DownloadState.Queued;
        reason = "interrupted by a shutdown; resumes at the next start";
        result.completeExceptionally(new IOException(reason));
        return;
      }
      reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (DiskErrors.isNoSpace(e)) {
        reason =
            "insufficient_storage: the disk is full; the partial file was removed (" + reason + ")";
      }
      finishedAt = System.currentTimeMillis();
      // The state first: an order whose record cannot be written still ends, and says why.
      state = DownloadState.Failed;
      persisted.saveFinished(
          DownloadState.Failed, reason, contentId, size > 0 ? size : order.sizeBytes(), finishedAt);
      result.completeExceptionally(new IOException(reason));
      LOG.info("download {} failed: {}", id, reason);
    } finally {
      // The status outlives the run; the held pieces need not.
      hashing = null;
    }
  }

  /**
   * Adds the caches the trackers know to hold the expected content as sources, first: they are
   * inside the cluster, and the tracker vouches for their addresses. A tracker that cannot answer
   * costs nothing but those sources.
   */
  private void addClusterCaches() {
    if (cluster == null || order.sha256() == null) {
      return;
    }
    ClusterSources.Found found;
    try {
      found = cluster.find(new ContentId(order.sha256()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (IOException e) {
      LOG.debug("download {}: no cluster sources: {}", id, e.getMessage());
      return;
    }
    List<SourceState> caches = new ArrayList<>();
    for (String url : found.caches()) {
      if (!order.urls().contains(url)) {
        caches.add(new SourceState(URI.create(url)));
      }
    }
    if (!caches.isEmpty()) {
      sources.addAll(0, caches);
      fetcher = fetcher.trusting(found.trustedHostPorts());
      LOG.info("download {}: {} cluster caches hold it too", id, caches.size());
    }
  }

  /** An admin cancelled the order. */
  static final class CancelledOrder extends IOException {
    CancelledOrder() {
      super("cancelled", null);
    }
  }

  private long discoverSize() throws IOException {
    StringBuilder errors = new StringBuilder();
    for (SourceState s : sources) {
      try {
        RangeFetcher.Response r = fetcher.get(s.uri, 0, 0);
        String range = r.headers().get("content-range");
        if (r.status() == 206 && range != null && range.contains("/")) {
          long total = Long.parseLong(range.substring(range.indexOf('/') + 1).trim());
          if (order.sizeBytes() > 0 && total != order.sizeBytes()) {
            throw new IOException(
                s.uri + " has " + total + " bytes, the order says " + order.sizeBytes());
          }
          contentType = r.headers().get("content-type");
          return total;
        }
        s.lastError = "HTTP " + r.status() + " to a ranged request (ranges are required)";
        s.failures.incrementAndGet();
      } catch (OriginGuard.Refused refused) {
        s.penalised = true;
        s.lastError = "refused: " + refused.getMessage();
      } catch (IOException e) {
        s.failures.incrementAndGet();
        s.lastError = e.toString();
      }
      errors.append(s.uri).append(": ").append(s.lastError).append("; ");
    }
    throw new IOException("no source answered a ranged request: " + errors);
  }

  /**
   * Fetches the given pieces with every usable source, {@code exclude} aside, until none is left.
   */
  private void fetchAll(
      FileChannel file,
      ConcurrentLinkedQueue<Integer> missing,
      int pieceLength,
      SourceState exclude)
      throws IOException {
    HashPipeline pipeline = hashing;
    new PieceFetcher(id, fetcher, workers, fetched, connectionsPerSource, stallMillis)
        .fetchAll(
            sources,
            exclude,
            missing,
            new PieceFetcher.Pieces() {
              @Override
              public long firstByte(int piece) {
                return (long) piece * pieceLength;
              }

              @Override
              public long lastByte(int piece) {
                return Math.min(size, (long) piece * pieceLength + pieceLength) - 1;
              }

              @Override
              public boolean matches(int piece, byte[] sha1) {
                return hasher.matches(piece, sha1);
              }

              @Override
              public void store(int piece, byte[] body, byte[] sha1, SourceState source)
                  throws IOException {
                written(file, pipeline, piece, (long) piece * pieceLength, body, sha1, source);
              }

              @Override
              public void afterPiece(ConcurrentLinkedQueue<Integer> missing) throws IOException {
                pipeline.advance(false, missing);
              }

              @Override
              public boolean cancelled() {
                return cancelled.get();
              }

              @Override
              public long lastProgressMillis() {
                return lastProgress.get();
              }

              @Override
              public String describeSources() {
                return Download.this.describeSources();
              }
            });
    if (done.nextClearBit(0) < TorrentInfo.pieceCount(size)) {
      throw new IOException("pieces left that no source delivered: " + describeSources());
    }
  }

  /** A good piece: written at its offset, hashed, marked done (the bitmap saved now and then). */
  private void written(
      FileChannel file,
      HashPipeline pipeline,
      int piece,
      long at,
      byte[] body,
      byte[] sha1,
      SourceState source)
      throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(body);
    while (buf.hasRemaining()) {
      at += file.write(buf, at);
    }
    hasher.setPieceHash(piece, sha1);
    pipeline.written(piece, body);
    BitSet snapshot = null;
    synchronized (this) {
      done.set(piece);
      servedBy[piece] = sources.indexOf(source);
      if (persisted.saveDue()) {
        snapshot = (BitSet) done.clone();
      }
    }
    if (snapshot != null) {
      persisted.saveBitmap(snapshot, file);
    }
    source.bytes.addAndGet(body.length);
    bytesDone.addAndGet(body.length);
    lastProgress.set(System.currentTimeMillis());
  }

  private byte[] expectedPieces() {
    if (order.pieces() == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(order.pieces());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pieces is not base64: " + e.getMessage());
    }
  }

  private synchronized boolean isDone(int piece) {
    return done.get(piece);
  }

  private void refuse(int piece, ConcurrentLinkedQueue<Integer> missing) {
    int by;
    synchronized (this) {
      done.clear(piece);
      persisted.saveBitmap(done);
      by = servedBy[piece];
    }
    long length = hasher.pieceSize(piece);
    bytesDone.addAndGet(-length);
    if (by >= 0) {
      SourceState s = sources.get(by);
      s.penalised = true;
      s.lastError = "sent piece " + piece + " that does not match its hash";
      LOG.warn("download {}: source {} sent a bad piece {}; penalised", id, s.uri, piece);
    }
    if (missing != null) {
      missing.add(piece);
    }
  }

  @Override
  public long verifiedBytes() {
    return verifiedBytes;
  }

  @Override
  public void onceProgress(long seen, Runnable wake) {
    progress.onceBeyond(seen, () -> verifiedBytes, wake);
  }

  @Override
  public long sizeBytes() {
    return order.sizeBytes();
  }

  @Override
  public String contentType() {
    return order.contentType();
  }

  @Override
  public boolean verifiesPieces() {
    return order.pieces() != null;
  }

  @Override
  public Path partFile() {
    return persisted.partFile();
  }

  @Override
  public java.util.concurrent.CompletableFuture<StoredContent> result() {
    return result;
  }

  /**
   * The bytes hash to another id: for each source in turn, fetch its pieces from the others; the
   * source whose replacement yields the expected id sent the wrong bytes.
   */
  private ContentHasher.Digest findCulprit(Path part, int pieceLength, ContentId expected)
      throws IOException {
    for (int s = 0; s < sources.size(); s++) {
      SourceState suspect = sources.get(s);
      ConcurrentLinkedQueue<Integer> pieces = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < servedBy.length; i++) {
        if (servedBy[i] == s || servedBy[i] == -1) {
          pieces.add(i);
        }
      }
      if (pieces.isEmpty()) {
        continue;
      }
      boolean wasPenalised = suspect.penalised;
      suspect.penalised = true;
      try (FileChannel file = FileChannel.open(part, StandardOpenOption.WRITE)) {
        fetchAll(file, pieces, pieceLength, suspect);
        file.force(true);
      } catch (IOException e) {
        suspect.penalised = wasPenalised;
        continue;
      }
      ContentHasher.Digest d = hash(part);
      if (d.contentId().equals(expected)) {
        suspect.lastError = "sent bytes that do not hash to the expected " + expected;
        LOG.warn(
            "download {}: source {} sent wrong bytes; replaced from the others", id, suspect.uri);
        return d;
      }
      suspect.penalised = wasPenalised;
    }
    throw new IOException(
        "the bytes hash to another id than "
            + expected
            + " whichever source is left out: "
            + describeSources());
  }

  private ContentHasher.Digest hash(Path part) throws IOException {
    try (InputStream in = Files.newInputStream(part)) {
      return ContentHasher.hash(in, size);
    }
  }

  private String describeSources() {
    return SourceState.describe(sources);
  }
}
