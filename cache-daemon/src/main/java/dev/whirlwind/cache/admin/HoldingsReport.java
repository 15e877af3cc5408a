package dev.whirlwind.cache.admin;

import dev.whirlwind.cache.download.DownloadManager;
import dev.whirlwind.cache.shaping.BandwidthShares;
import dev.whirlwind.cache.stats.ServedBytes;
import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.cache.CacheHoldings;
import dev.whirlwind.protocol.cache.HeldContent;
import dev.whirlwind.protocol.content.ContentId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /v1/holdings}: what this node holds, the orders it knows, its shares and how much it
 * has served, in one answer, so that the operator reads each cache once per loop.
 */
public final class HoldingsReport implements Supplier<CacheHoldings> {
  private final String cacheId;
  private final String baseUrl;
  private final BooleanSupplier ready;
  private final long capacityBytes;
  private final long bandwidthBytesPerSecond;
  private final ContentStore store;
  private final DownloadManager downloads;
  private final BandwidthShares shares;
  private final ServedBytes served;

  public HoldingsReport(
      String cacheId,
      String baseUrl,
      BooleanSupplier ready,
      long capacityBytes,
      long bandwidthBytesPerSecond,
      ContentStore store,
      DownloadManager downloads,
      BandwidthShares shares,
      ServedBytes served) {
    this.cacheId = cacheId;
    this.baseUrl = baseUrl;
    this.ready = ready;
    this.capacityBytes = capacityBytes;
    this.bandwidthBytesPerSecond = bandwidthBytesPerSecond;
    this.store = store;
    this.downloads = downloads;
    this.shares = shares;
    this.served = served;
  }

  @Override
  public CacheHoldings get() {
    List<HeldContent> contents = new ArrayList<>();
    for (StoredContent c : store.all()) {
      contents.add(
          new HeldContent(
              c.contentId(),
              c.sizeBytes(),
              c.pinned(),
              c.urls(),
              served.sinceStart(new ContentId(c.contentId()))));
    }
    contents.sort(Comparator.comparing(HeldContent::contentId));
    Map<String, Long> assigned = new TreeMap<>();
    shares.assigned().forEach((id, rate) -> assigned.put(id.hex(), rate));
    return new CacheHoldings(
        cacheId,
        baseUrl,
        ready.getAsBoolean(),
        capacityBytes,
        store.usedBytes(),
        bandwidthBytesPerSecond,
        served.total(),
        contents,
        downloads == null ? List.of() : downloads.list(),
        assigned);
  }
}
