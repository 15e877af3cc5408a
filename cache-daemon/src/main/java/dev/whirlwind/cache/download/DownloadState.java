package dev.whirlwind.cache.download;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.cache.DownloadOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.BitSet;

/**
 * What survives a crash of a download: the order, the piece bitmap and the partial file, under
 * {@code downloads/}. The bitmap is written (atomically) after the piece's bytes, about once a
 * second; a piece written but not yet recorded is simply fetched again.
 */
final class DownloadState {
  static final long SAVE_EVERY_MILLIS = 1000;
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The JSON form. */
  record Saved(String id, DownloadOrder order, String bitmap, String failure) {}

  private final Path dir;
  private final String id;
  private final DownloadOrder order;
  private String bitmap;
  private long lastSaveMillis = System.currentTimeMillis();

  DownloadState(Path dir, String id, DownloadOrder order, String bitmap) {
    this.dir = dir;
    this.id = id;
    this.order = order;
    this.bitmap = bitmap;
  }

  static Saved read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Saved.class);
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
    save(null);
  }

  void save(String failure) {
    try {
      Path tmp = dir.resolve(id + ".json.tmp");
      JSON.writeValue(tmp.toFile(), new Saved(id, order, bitmap, failure));
      Files.move(
          tmp,
          dir.resolve(id + ".json"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void markFailed(String reason) {
    save(reason);
    try {
      Files.deleteIfExists(partFile());
    } catch (IOException ignored) {
      // Start-up removes it with the record.
    }
  }

  void delete() throws IOException {
    Files.deleteIfExists(dir.resolve(id + ".json"));
    Files.deleteIfExists(partFile());
  }
}
