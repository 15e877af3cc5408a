package dev.whirlwind.tracker.content;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.tracker.RenditionRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rendition map on disk: one JSON line per recorded rendition, appended and forced before the
 * record is acknowledged. Content records come back after a restart from the caches' heartbeats;
 * which content is which source's rendition would not, and without it every transcoder would render
 * the cluster's renditions again. A line a crash cut short is dropped at load.
 */
public final class RenditionJournal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RenditionJournal.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final FileChannel channel;
  private final List<RenditionRecord> loaded;

  private RenditionJournal(FileChannel channel, List<RenditionRecord> loaded) {
    this.channel = channel;
    this.loaded = loaded;
  }

  /** Opens (or creates) the journal and reads what it holds. */
  public static RenditionJournal open(Path file) throws IOException {
    List<RenditionRecord> records = new ArrayList<>();
    long goodLength = 0;
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (Files.exists(file)) {
      byte[] bytes = Files.readAllBytes(file);
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] != '\n') {
          continue;
        }
        String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
        try {
          records.add(JSON.readValue(line, RenditionRecord.class));
        } catch (IOException e) {
          LOG.warn("{}: skipping an unreadable line: {}", file, e.getMessage());
        }
        start = i + 1;
        goodLength = start;
      }
      if (goodLength < bytes.length) {
        LOG.warn("{}: dropping {} bytes a crash cut short", file, bytes.length - goodLength);
      }
    }
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    channel.truncate(goodLength); // so the next line does not glue onto a torn one
    channel.position(goodLength);
    return new RenditionJournal(channel, List.copyOf(records));
  }

  /** The records the journal held when it was opened, oldest first. */
  public List<RenditionRecord> loaded() {
    return loaded;
  }

  /** Appends one record and forces it to the disk. */
  public synchronized void append(RenditionRecord record) throws IOException {
    byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.wrap(line);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    channel.force(false);
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
