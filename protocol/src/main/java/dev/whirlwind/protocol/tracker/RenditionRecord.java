package dev.whirlwind.protocol.tracker;

/**
 * The mapping {@code (sourceId, profileHash) -> renditionId}: {@code PUT
 * /v1/renditions/{sourceId}/{profileHash}} (admin API). Compare-and-set: the first rendition
 * recorded for a key wins, since encoders are not byte-reproducible.
 *
 * @param profileName the profile's name, for display only: editing a profile changes its hash
 */
public record RenditionRecord(
    String sourceId, String profileHash, String renditionId, String profileName) {}
