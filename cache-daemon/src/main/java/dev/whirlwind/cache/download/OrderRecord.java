package dev.whirlwind.cache.download;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.cache.DownloadState;
import dev.whirlwind.protocol.cache.DownloadStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;

/**
 * What survives a crash of a download order, under {@code downloads/}: the order, the piece bitmap
 * and the partial file while it runs, and once it has finished how it ended (so that a restarted
 * cache still answers for it and its key). The bitmap is written (atomically) after the piece's
 * bytes, about once a second; a piece written but not yet recorded is simply fetched again.
 */
final class OrderRecord {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OrderRecord.class);

  static final long SAVE_EVERY_MILLIS = 1000;
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * The JSON form.
   *
   * @param failure the reason of a failed or cancelled order (records written before states were
   *     saved have only this)
   * @param state null while the order is unfinished
   */
  record Saved(
      String id,
      DownloadOrder order,
      String bitmap,
      String failure,
      DownloadState state,
      String contentId,
      long sizeBytes,
      long submittedAtMillis,
      long finishedAtMillis) {

    /** How the order ended, or null while it is unfinished. */
    DownloadState finishedState() {
      if (state != null) {
        return state;
      }
      return failure != null ? DownloadState.Failed : null;
    }

    /** The status a restarted cache answers with for a finished order. */
    DownloadStatus status() {
      DownloadState s = finishedState();
      return new DownloadStatus(
          id,
          s,
          contentId,
          sizeBytes,
          s == DownloadState.Completed ? sizeBytes : 0,
          0,
          0,
          failure,
          List.of(),
          order == null ? null : order.key(),
          instant(submittedAtMillis),
          instant(finishedAtMillis));
    }
  }

  static String instant(long millis) {
    return millis <= 0 ? null : Instant.ofEpochMilli(millis).toString();
  }

  private final Path dir;
  private final String id;
  private final DownloadOrder order;
  private final long submittedAtMillis;
  private String bitmap;
  private long lastSaveMillis = System.currentTimeMillis();

  OrderRecord(Path dir, String id, DownloadOrder order, String bitmap, long submittedAtMillis) {
    this.dir = dir;
    this.id = id;
    this.order = order;
    this.bitmap = bitmap;
    this.submittedAtMillis = submittedAtMillis;
  }

  static Saved read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Saved.class);
  }

  /** The record file of an order. */
  static Path file(Path dir, String id) {
    return dir.resolve(id + ".json");
  }

  Path partFile() {
    return dir.resolve(id + ".part");
  }

  BitSet bitmap(int pieces) {
    if (bitmap == null || !Files.exists(partFile())) {
      return new BitSet(pieces);
    }
    return BitSet.valueOf(Base64.getDecoder().decode(bitmap));
  }

  /** Whether the bitmap is due to be saved; if so, the caller saves a snapshot of it. */
  synchronized boolean saveDue() {
    long now = System.currentTimeMillis();
    if (now - lastSaveMillis < SAVE_EVERY_MILLIS) {
      return false;
    }
    lastSaveMillis = now;
    return true;
  }

  /**
   * Saves a bitmap snapshot after forcing the part file: a bitmap must never claim bytes a power
   * cut could still take away. Called without the download's lock, so the other workers go on.
   */
  synchronized void saveBitmap(BitSet done, java.nio.channels.FileChannel part)
      throws java.io.IOException {
    part.force(false);
    saveBitmap(done);
  }

  synchronized void saveBitmap(BitSet done) {
    bitmap = Base64.getEncoder().encodeToString(done.toByteArray());
    saveUnfinished();
  }

  /** Saves the order as accepted or running. */
  void saveUnfinished() {
    write(new Saved(id, order, bitmap, null, null, null, 0, submittedAtMillis, 0));
  }

  /**
   * Records how the order ended and removes its partial file: a finished order keeps only its
   * record (a completed one's bytes are in the store by now).
   */
  void saveFinished(
      DownloadState state, String reason, String contentId, long sizeBytes, long finishedAt) {
    // The partial file goes first: on a full disk, that is what makes room for the record.
    try {
      Files.deleteIfExists(partFile());
    } catch (IOException ignored) {
      // Start-up removes it with the record.
    }
    try {
      write(
          new Saved(
              id, order, null, reason, state, contentId, sizeBytes, submittedAtMillis, finishedAt));
    } catch (UncheckedIOException e) {
      // Better forgotten than resumed: without its record, a restart cannot start it again.
      LOG.warn("download {}: cannot record that it {}: {}", id, state, e.getCause().getMessage());
      delete(dir, id);
    }
  }

  private void write(Saved saved) {
    Path tmp = dir.resolve(id + ".json.tmp");
    try {
      JSON.writeValue(tmp.toFile(), saved);
      Files.move(
          tmp, file(dir, id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // Start-up sweeps leftovers.
      }
      throw new UncheckedIOException(e);
    }
  }

  /** Forgets a finished order: its record goes, and any partial file left behind with it. */
  static void delete(Path dir, String id) {
    try {
      Files.deleteIfExists(file(dir, id));
      Files.deleteIfExists(dir.resolve(id + ".part"));
    } catch (IOException ignored) {
      // Left for the next start, which forgets the oldest again.
    }
  }
}
