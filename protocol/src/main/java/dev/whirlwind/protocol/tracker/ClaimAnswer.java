package dev.whirlwind.protocol.tracker;

/**
 * The tracker's answer to a {@link RenditionClaim}.
 *
 * @param granted whether the caller holds the claim now
 * @param renditionId the rendition already recorded for the key, or null: nothing to transcode
 * @param holder who holds the claim (the caller when granted)
 * @param expiresAtMillis when the claim lapses unless renewed
 */
public record ClaimAnswer(
    boolean granted, String renditionId, String holder, long expiresAtMillis) {}
