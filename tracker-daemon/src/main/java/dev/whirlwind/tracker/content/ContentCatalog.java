package dev.whirlwind.tracker.content;

import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.content.InfoHash;
import dev.whirlwind.protocol.content.TorrentInfo;
import dev.whirlwind.protocol.tracker.ContentRecord;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Content metadata as caches publish it: the first verified record of a content wins, and a later
 * one that disagrees (other size or piece hashes) is refused. Also maps URLs and probe hashes to
 * contents, and info-hashes back to content ids for the swarm report. Rebuilt, not stored: caches
 * publish their records again when a heartbeat shows this tracker lacks them.
 */
public final class ContentCatalog {
  private final ConcurrentHashMap<ContentId, ContentEntry> contents = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<InfoHash, ContentId> byInfoHash = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ContentId> byUrl = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<ContentId>> byProbe = new ConcurrentHashMap<>();

  /**
   * @throws IllegalArgumentException when the record is malformed
   * @throws ContentConflict when it contradicts the stored record
   */
  public ContentEntry publish(ContentId id, ContentRecord record) {
    if (!id.hex().equals(record.contentId())) {
      throw new IllegalArgumentException(
          "record names content " + record.contentId() + " but was sent for " + id);
    }
    byte[] pieces;
    try {
      pieces = Base64.getDecoder().decode(record.pieces() == null ? "" : record.pieces());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pieces must be base64: " + e.getMessage());
    }
    TorrentInfo info =
        new TorrentInfo(
            id,
            record.extension() == null ? "bin" : record.extension(),
            record.sizeBytes(),
            pieces);
    String type = record.contentType() == null ? "application/octet-stream" : record.contentType();
    if (record.hls() != null) {
      record.hls().validated(record.sizeBytes());
    }
    ContentEntry fresh =
        new ContentEntry(info, info.infoHash(), type, record.probeHash(), record.hls());
    ContentEntry stored = contents.putIfAbsent(id, fresh);
    if (stored != null && !stored.infoHash().equals(fresh.infoHash())) {
      throw new ContentConflict(
          "content "
              + id
              + " is already published with info-hash "
              + stored.infoHash()
              + "; this record gives "
              + fresh.infoHash()
              + " (other size, extension or piece hashes)");
    }
    if (stored != null && stored.hls() == null && fresh.hls() != null) {
      // The HLS index follows the rendition's first record: the same bytes, one fact more.
      contents.replace(id, stored, fresh);
      stored = fresh;
    }
    ContentEntry entry = stored == null ? fresh : stored;
    byInfoHash.put(entry.infoHash(), id);
    if (record.urls() != null) {
      for (String url : record.urls()) {
        byUrl.put(url, id);
      }
    }
    if (record.probeHash() != null) {
      byProbe.computeIfAbsent(record.probeHash(), k -> ConcurrentHashMap.newKeySet()).add(id);
    }
    return entry;
  }

  /**
   * Forgets a content and every way to find it. A cache that still holds it publishes the record
   * again when its next heartbeat shows this tracker lacks it.
   */
  public boolean remove(ContentId id) {
    ContentEntry e = contents.remove(id);
    if (e == null) {
      return false;
    }
    byInfoHash.remove(e.infoHash(), id);
    byUrl.values().removeIf(id::equals);
    byProbe.values().forEach(ids -> ids.remove(id));
    byProbe.values().removeIf(Set::isEmpty);
    return true;
  }

  public Optional<ContentEntry> get(ContentId id) {
    return Optional.ofNullable(contents.get(id));
  }

  public Optional<ContentId> byInfoHash(InfoHash hash) {
    return Optional.ofNullable(byInfoHash.get(hash));
  }

  public Optional<ContentId> byUrl(String url) {
    return Optional.ofNullable(byUrl.get(url));
  }

  /** Contents whose probe hash matches: likely, not certainly, the same bytes. */
  public Set<ContentId> byProbeHash(String probeHash) {
    return Set.copyOf(byProbe.getOrDefault(probeHash, Set.of()));
  }

  public boolean contains(ContentId id) {
    return contents.containsKey(id);
  }

  public Collection<ContentId> ids() {
    return contents.keySet();
  }
}
