package dev.whirlwind.cache.storage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.content.ContentId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contents on disk, named by content id, each with a JSON metadata record beside it.
 *
 * <p>Crash safety: a content is written under {@code tmp/}, forced to disk, renamed into {@code
 * contents/}, and only then is its record written (also via a forced temporary file and a rename),
 * after which the directory is forced. A content is served only when its record exists and the file
 * has the recorded size, so whatever a crash leaves behind (a temporary file, a content without its
 * record, a record whose file is short) is deleted at start-up and never served.
 */
public final class ContentStore {
  private static final Logger LOG = LoggerFactory.getLogger(ContentStore.class);
  private static final String RECORD_SUFFIX = ".json";
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path contents;
  private final Path tmp;
  // HLS fragment indexes of renditions, one JSON file per content, beside the records.
  private final Path hls;
  private final ConcurrentHashMap<ContentId, dev.whirlwind.protocol.transcode.HlsIndex> hlsIndexes =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ContentId, StoredContent> index = new ConcurrentHashMap<>();
  // Enough for the contents a node serves at once; each costs one descriptor.
  private final OpenFiles openFiles = new OpenFiles(256);

  private ContentStore(Path dataDir) {
    this.contents = dataDir.resolve("contents");
    this.tmp = dataDir.resolve("tmp");
    this.hls = dataDir.resolve("hls");
  }

  /** Opens the store, rebuilding the index from disk and removing what a crash left behind. */
  public static ContentStore open(Path dataDir) throws IOException {
    ContentStore store = new ContentStore(dataDir);
    Files.createDirectories(store.contents);
    Files.createDirectories(store.tmp);
    Files.createDirectories(store.hls);
    store.rebuild();
    return store;
  }

  private void rebuild() throws IOException {
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp)) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
        LOG.info("deleted half-written {}", p.getFileName());
      }
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(contents)) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        if (name.endsWith(RECORD_SUFFIX)) {
          adopt(p, name.substring(0, name.length() - RECORD_SUFFIX.length()));
        } else if (!ContentId.isValid(name)
            || !Files.exists(contents.resolve(name + RECORD_SUFFIX))) {
          Files.deleteIfExists(p);
          LOG.info("deleted {}: no metadata record, so never published", name);
        }
      }
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(hls)) {
      for (Path p : files) {
        String name = p.getFileName().toString().replace(RECORD_SUFFIX, "");
        if (!ContentId.isValid(name) || !index.containsKey(new ContentId(name))) {
          Files.deleteIfExists(p);
          continue;
        }
        try {
          hlsIndexes.put(
              new ContentId(name),
              JSON.readValue(p.toFile(), dev.whirlwind.protocol.transcode.HlsIndex.class));
        } catch (IOException e) {
          LOG.warn("unreadable HLS index {}: {}", p.getFileName(), e.getMessage());
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private void adopt(Path record, String id) throws IOException {
    Path file = contents.resolve(id);
    try {
      StoredContent meta = JSON.readValue(record.toFile(), StoredContent.class);
      if (ContentId.isValid(id)
          && id.equals(meta.contentId())
          && Files.exists(file)
          && Files.size(file) == meta.sizeBytes()) {
        index.put(new ContentId(id), meta);
        return;
      }
    } catch (IOException e) {
      LOG.warn("unreadable metadata record {}: {}", record.getFileName(), e.getMessage());
    }
    Files.deleteIfExists(file);
    Files.deleteIfExists(record);
    LOG.warn("dropped content {}: file and record disagree", id);
  }

  /** A fresh temporary file for a content being written. */
  public Path newTempFile() throws IOException {
    return Files.createFile(tmp.resolve(UUID.randomUUID() + ".part"));
  }

  /**
   * Publishes a fully written and verified temporary file. The caller has checked its hash; the
   * store checks its size.
   */
  public StoredContent publish(Path temp, StoredContent meta) throws IOException {
    ContentId id = new ContentId(meta.contentId());
    if (Files.size(temp) != meta.sizeBytes()) {
      throw new IOException(
          "refusing to publish "
              + id
              + ": "
              + Files.size(temp)
              + " bytes, expected "
              + meta.sizeBytes());
    }
    force(temp);
    Path file = contents.resolve(id.hex());
    move(temp, file);
    openFiles.retire(id); // a descriptor of a replaced file would serve the old inode
    writeRecord(id, meta);
    index.put(id, meta);
    return meta;
  }

  /**
   * Pins or unpins a stored content: its record is rewritten atomically (temp, fsync, rename).
   * Returns the new record, or empty when the content is not stored.
   */
  public synchronized Optional<StoredContent> setPinned(ContentId id, boolean pinned)
      throws IOException {
    StoredContent old = index.get(id);
    if (old == null) {
      return Optional.empty();
    }
    if (old.pinned() == pinned) {
      return Optional.of(old);
    }
    StoredContent updated =
        new StoredContent(
            old.contentId(),
            old.sizeBytes(),
            old.contentType(),
            old.extension(),
            old.pieces(),
            old.probeHash(),
            old.urls(),
            pinned,
            old.storedAtMillis());
    writeRecord(id, updated);
    index.put(id, updated);
    return Optional.of(updated);
  }

  /**
   * Keeps the HLS fragment index of a stored rendition (written atomically); it must tile the
   * stored file.
   *
   * @return false when the content is not stored
   * @throws IllegalArgumentException when the index does not fit the file
   */
  public boolean putHls(ContentId id, dev.whirlwind.protocol.transcode.HlsIndex index)
      throws IOException {
    StoredContent meta = this.index.get(id);
    if (meta == null) {
      return false;
    }
    index.validated(meta.sizeBytes());
    Path recordTemp = tmp.resolve(id.hex() + ".hls." + UUID.randomUUID());
    JSON.writeValue(recordTemp.toFile(), index);
    force(recordTemp);
    move(recordTemp, hls.resolve(id.hex() + RECORD_SUFFIX));
    forceDirectory(hls);
    hlsIndexes.put(id, index);
    return true;
  }

  /** The HLS fragment index of a stored rendition, if it has one (from memory). */
  public Optional<dev.whirlwind.protocol.transcode.HlsIndex> hls(ContentId id) {
    return index.containsKey(id) ? Optional.ofNullable(hlsIndexes.get(id)) : Optional.empty();
  }

  private void writeRecord(ContentId id, StoredContent meta) throws IOException {
    Path recordTemp = tmp.resolve(id.hex() + RECORD_SUFFIX + "." + UUID.randomUUID());
    JSON.writeValue(recordTemp.toFile(), meta);
    force(recordTemp);
    move(recordTemp, contents.resolve(id.hex() + RECORD_SUFFIX));
    forceDirectory(contents);
  }

  public Optional<StoredContent> get(ContentId id) {
    return Optional.ofNullable(index.get(id));
  }

  /**
   * A shared read-only descriptor of a stored content's file, for one transfer; close the lease
   * when it ends. Fails when the content is not (or no longer) on disk.
   */
  public OpenFiles.Lease openForReading(ContentId id) throws IOException {
    return openFiles.lease(id, path(id));
  }

  public Path path(ContentId id) {
    return contents.resolve(id.hex());
  }

  public Collection<StoredContent> all() {
    return index.values();
  }

  public long usedBytes() {
    long used = 0;
    for (StoredContent c : index.values()) {
      used += c.sizeBytes();
    }
    return used;
  }

  /** Removes a content: its record first, so a crash midway never leaves it servable. */
  public boolean remove(ContentId id) throws IOException {
    StoredContent gone = index.remove(id);
    hlsIndexes.remove(id);
    Files.deleteIfExists(hls.resolve(id.hex() + RECORD_SUFFIX));
    Files.deleteIfExists(contents.resolve(id.hex() + RECORD_SUFFIX));
    Files.deleteIfExists(contents.resolve(id.hex()));
    // After the file is gone: a lease taken meanwhile is retired too, so nothing holds the space.
    openFiles.retire(id);
    return gone != null;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void force(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the rename is still atomic there.
    }
  }
}
