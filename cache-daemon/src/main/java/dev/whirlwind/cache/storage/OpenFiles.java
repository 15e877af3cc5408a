package dev.whirlwind.cache.storage;

import dev.whirlwind.protocol.content.ContentId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Read-only descriptors of stored contents, shared by every transfer that serves them (nginx's
 * {@code open_file_cache}): opening and closing a file per request was 2-3 % of the event loop's
 * time, and blocking file work on it; now only a content's first lease opens its file. The open
 * happens under the lock, so a removal's {@link #retire} cannot slip between it and the entry.
 * Transfers send by position, so one descriptor serves any number of them at once. At most {@code
 * maxOpen} contents stay open (least recently leased closed first); a removed or replaced content's
 * descriptor is retired, closed when its last transfer ends, so its space is freed then.
 */
public final class OpenFiles {
  private final int maxOpen;
  private final LinkedHashMap<ContentId, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

  public OpenFiles(int maxOpen) {
    this.maxOpen = maxOpen;
  }

  /** One transfer's use of a descriptor; {@link #close()} ends it (twice is harmless). */
  public final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    public FileChannel channel() {
      return entry.channel;
    }

    @Override
    public void close() {
      synchronized (OpenFiles.this) {
        if (closed) {
          return;
        }
        closed = true;
        entry.leases--;
        if (entry.retired && entry.leases == 0) {
          closeQuietly(entry.channel);
        }
      }
    }
  }

  private static final class Entry {
    final FileChannel channel;
    int leases;
    boolean retired;

    Entry(FileChannel channel) {
      this.channel = channel;
    }
  }

  /** The open descriptor of {@code id}, opening {@code path} if none is. */
  public synchronized Lease lease(ContentId id, Path path) throws IOException {
    Entry e = entries.get(id);
    if (e == null || !e.channel.isOpen()) {
      e = new Entry(FileChannel.open(path, StandardOpenOption.READ));
      entries.put(id, e);
      trim();
    }
    e.leases++;
    return new Lease(e);
  }

  /** The content's file was removed or replaced: no new lease gets the old descriptor. */
  public synchronized void retire(ContentId id) {
    Entry e = entries.remove(id);
    if (e != null) {
      retire(e);
    }
  }

  /** Descriptors open now, retired ones still in use included. */
  public synchronized int open() {
    return entries.size();
  }

  private void trim() {
    Iterator<Entry> eldest = entries.values().iterator();
    while (entries.size() > maxOpen && eldest.hasNext()) {
      Entry e = eldest.next();
      eldest.remove();
      retire(e);
    }
  }

  private static void retire(Entry e) {
    e.retired = true;
    if (e.leases == 0) {
      closeQuietly(e.channel);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Read-only: nothing is lost, and the descriptor is gone either way.
    }
  }
}
