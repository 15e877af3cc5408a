package dev.whirlwind.protocol.tracker;

/**
 * A transcoder's claim on a rendition key before it starts work: {@code POST /v1/renditions/claims}
 * (admin API). The tracker grants one live claim per key, so the cluster transcodes each key once;
 * a claim lapses after {@code ttlSeconds} unless renewed by the same claimant.
 *
 * @param sourceId content id of the source video
 * @param profileHash hash of the profile's canonical effective parameters
 * @param claimant the transcoder pod's name
 */
public record RenditionClaim(
    String sourceId, String profileHash, String claimant, int ttlSeconds) {}
