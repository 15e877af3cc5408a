package dev.whirlwind.cache.storage;

import java.util.List;

/**
 * The metadata record kept next to each stored content: everything this cache publishes about it,
 * so that a restarted tracker can be told again.
 *
 * @param pieces base64 of the SHA-1 piece hashes for the canonical piece length
 * @param storedAtMillis when the content was published into the store
 */
public record StoredContent(
    String contentId,
    long sizeBytes,
    String contentType,
    String extension,
    String pieces,
    String probeHash,
    List<String> urls,
    boolean pinned,
    long storedAtMillis) {}
