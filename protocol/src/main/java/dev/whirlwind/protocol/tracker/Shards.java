package dev.whirlwind.protocol.tracker;

import dev.whirlwind.protocol.content.ContentId;

/**
 * Which tracker shard owns a content: the first 8 bytes of its id, unsigned, mod the shard count.
 */
public final class Shards {
  private Shards() {}

  public static int of(ContentId id, int shardCount) {
    if (shardCount < 1) {
      throw new IllegalArgumentException("shard count must be >= 1, got " + shardCount);
    }
    long prefix = Long.parseUnsignedLong(id.hex().substring(0, 16), 16);
    return (int) Long.remainderUnsigned(prefix, shardCount);
  }
}
