package dev.whirlwind.protocol.transcode;

/**
 * {@code POST /v1/jobs} on a transcoder (admin API).
 *
 * @param sourceContentId content id of the source video
 * @param profile what to make of it
 * @param acceptClosest answer with the closest existing rendition of the source (same codec and
 *     container, nearest size) instead of transcoding, when there is one
 */
public record TranscodeJobRequest(
    String sourceContentId, RenditionProfile profile, boolean acceptClosest) {}
