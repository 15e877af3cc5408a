package dev.whirlwind.protocol.tracker;

/**
 * One HTTP source of a content as {@code GET /v1/contents/{id}/sources} reports it.
 *
 * @param kind {@code cache} or {@code mirror}
 * @param healthy passed its last ranged probe
 * @param latencyMillis time to first byte of the last probe, or -1 before the first
 * @param throughputBytesPerSecond measured by the last probe, or -1 before the first
 * @param estimatedExtraLoadPercent for mirrors: hand-outs x expected client rate / probed
 *     throughput. Standard clients do not report bytes per source, so this is an estimate.
 * @param droppedReason why the source is no longer handed out, or null
 */
public record SourceInfo(
    String url,
    String kind,
    boolean healthy,
    long latencyMillis,
    long throughputBytesPerSecond,
    Double estimatedExtraLoadPercent,
    String droppedReason) {}
