package dev.whirlwind.cache.download;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a download's missing pieces from its usable sources in parallel ({@code
 * connectionsPerSource} workers each), every piece one ranged request whose SHA-1 is checked before
 * anything is written. A source that fails backs off (up to 2 s) and is dropped after {@link
 * SourceState#MAX_FAILURES}; one that sends a bad piece or is refused by the origin guard is
 * penalised at once; its pieces go back on the queue for the others. Ends when no piece is left, or
 * fails when nothing moved for the stall timeout or the order was cancelled.
 */
final class PieceFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(PieceFetcher.class);
  private static final ThreadLocal<MessageDigest> PIECE_SHA1 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  /** What the download does with the pieces, and what the fetch watches. */
  interface Pieces {
    long firstByte(int piece);

    long lastByte(int piece);

    /** Whether {@code sha1} is the piece's known hash (or none is known). */
    boolean matches(int piece, byte[] sha1);

    /** Writes a good piece fetched from {@code source}: file, hashes, bitmap, progress. */
    void store(int piece, byte[] body, byte[] sha1, SourceState source) throws IOException;

    /** After each stored piece, outside the piece's error handling: a failure ends the fetch. */
    void afterPiece(ConcurrentLinkedQueue<Integer> missing) throws IOException;

    boolean cancelled();

    long lastProgressMillis();

    String describeSources();
  }

  private final String label;
  private final RangeFetcher fetcher;
  private final ExecutorService workers;
  private final LongAdder fetched;
  private final int connectionsPerSource;
  private final long stallMillis;

  PieceFetcher(
      String label,
      RangeFetcher fetcher,
      ExecutorService workers,
      LongAdder fetched,
      int connectionsPerSource,
      long stallMillis) {
    this.label = label;
    this.fetcher = fetcher;
    this.workers = workers;
    this.fetched = fetched;
    this.connectionsPerSource = connectionsPerSource;
    this.stallMillis = stallMillis;
  }

  /** Fetches the pieces on {@code missing} with every usable source, {@code exclude} aside. */
  void fetchAll(
      List<SourceState> sources,
      SourceState exclude,
      ConcurrentLinkedQueue<Integer> missing,
      Pieces pieces)
      throws IOException {
    List<SourceState> usable = new ArrayList<>();
    for (SourceState s : sources) {
      if (s.usable() && s != exclude) {
        usable.add(s);
      }
    }
    if (usable.isEmpty()) {
      throw new IOException("no usable source left: " + pieces.describeSources());
    }
    int slots = usable.size() * connectionsPerSource;
    CountDownLatch finished = new CountDownLatch(slots);
    List<IOException> fatal = new CopyOnWriteArrayList<>();
    for (int w = 0; w < slots; w++) {
      SourceState source = usable.get(w % usable.size());
      workers.execute(
          () -> {
            try {
              work(missing, source, usable, pieces);
            } catch (IOException e) {
              fatal.add(e);
            } finally {
              finished.countDown();
            }
          });
    }
    try {
      while (!finished.await(200, TimeUnit.MILLISECONDS)) {
        if (pieces.cancelled()) {
          missing.clear(); // the workers stop after the pieces they are fetching
          finished.await();
          throw new Download.CancelledOrder();
        }
        if (System.currentTimeMillis() - pieces.lastProgressMillis() > stallMillis) {
          missing.clear();
          throw new IOException(
              "no progress for " + stallMillis / 1000 + " s: " + pieces.describeSources());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    if (!missing.isEmpty()) {
      throw new IOException("pieces left that no source delivered: " + pieces.describeSources());
    }
    if (!fatal.isEmpty()) {
      throw fatal.get(0);
    }
  }

  private void work(
      ConcurrentLinkedQueue<Integer> missing,
      SourceState preferred,
      List<SourceState> usable,
      Pieces pieces)
      throws IOException {
    SourceState source = preferred;
    Integer piece;
    int backoff = 0;
    while ((piece = missing.poll()) != null) {
      if (!source.usable()) {
        source = usable.stream().filter(SourceState::usable).findFirst().orElse(null);
        if (source == null) {
          missing.add(piece);
          return;
        }
      }
      long first = pieces.firstByte(piece);
      long last = pieces.lastByte(piece);
      try {
        RangeFetcher.Response r = fetcher.get(source.uri, first, last);
        if (r.status() != 206 || r.body().length != last - first + 1) {
          throw new IOException(
              "HTTP "
                  + r.status()
                  + " with "
                  + r.body().length
                  + " of "
                  + (last - first + 1)
                  + " bytes");
        }
        fetched.add(r.body().length);
        byte[] sha1 = PIECE_SHA1.get().digest(r.body());
        if (!pieces.matches(piece, sha1)) {
          // Wrong bytes: nothing is written, the source is out, another one fetches the piece.
          source.penalised = true;
          source.lastError = "sent piece " + piece + " that does not match its hash";
          LOG.warn(
              "download {}: source {} sent a bad piece {}; penalised", label, source.uri, piece);
          missing.add(piece);
          continue;
        }
        pieces.store(piece, r.body(), sha1, source);
        backoff = 0;
      } catch (OriginGuard.Refused refused) {
        source.penalised = true;
        source.lastError = "refused: " + refused.getMessage();
        missing.add(piece);
      } catch (IOException e) {
        source.failures.incrementAndGet();
        source.lastError = e.toString();
        missing.add(piece);
        // Back off before the next try, up to two seconds.
        LockSupport.parkNanos(Math.min(2_000_000_000L, 100_000_000L << Math.min(backoff++, 5)));
        continue;
      }
      pieces.afterPiece(missing);
    }
  }
}
