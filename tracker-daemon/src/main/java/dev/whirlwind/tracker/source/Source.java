package dev.whirlwind.tracker.source;

/**
 * A source handed to clients.
 *
 * @param url the full URL of the content at this source
 * @param cache true for our caches, false for third-party mirrors
 */
public record Source(
    String url, boolean cache, long latencyMillis, long throughputBytesPerSecond) {}
