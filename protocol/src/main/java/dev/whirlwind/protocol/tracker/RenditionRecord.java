package dev.whirlwind.protocol.tracker;

/**
 * The mapping {@code (sourceId, profileHash) -> renditionId}: {@code PUT
 * /v1/renditions/{sourceId}/{profileHash}} (admin API). Compare-and-set: the first rendition
 * recorded for a key wins, since encoders are not byte-reproducible.
 *
 * @param profileName the profile's name, for display only: editing a profile changes its hash
 * @param profile the effective parameters the rendition was made to (their hash is {@code
 *     profileHash}), so any transcoder can tell how close the rendition is to what a client asks
 *     for; null in records that do not say
 */
public record RenditionRecord(
    String sourceId,
    String profileHash,
    String renditionId,
    String profileName,
    dev.whirlwind.protocol.transcode.RenditionProfile profile) {

  /** A record that does not carry the parameters. */
  public RenditionRecord(
      String sourceId, String profileHash, String renditionId, String profileName) {
    this(sourceId, profileHash, renditionId, profileName, null);
  }
}
