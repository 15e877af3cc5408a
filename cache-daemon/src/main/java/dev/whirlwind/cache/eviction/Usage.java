package dev.whirlwind.cache.eviction;

import dev.whirlwind.protocol.content.ContentId;

/** What eviction knows of a stored content: how big, how popular, how recent, pinned or not. */
public record Usage(
    ContentId id,
    long sizeBytes,
    long hits,
    long lastAccessMillis,
    long storedAtMillis,
    boolean pinned) {}
