package dev.whirlwind.protocol.transcode;

/**
 * A job as {@code GET /v1/jobs/{jobId}} shows it.
 *
 * @param jobId the key: {@code <sourceContentId>-<first 16 hex of the profile hash>}
 * @param state where the job is
 * @param frames video frames encoded so far
 * @param percent of the source's duration done, or -1 when unknown
 * @param fps frames per second of this job
 * @param path engines used, e.g. {@code nvdec(h264_cuvid)+cpu(libx264)}
 * @param renditionId the result, when Completed
 * @param reused whether the result existed already (recorded by the tracker) or was the closest
 * @param failure stable failure label when Failed (metrics count by it)
 * @param reason what happened, in words
 * @param submittedAt when the job was accepted (RFC 3339, UTC)
 * @param startedAt when its transcode began, or null
 * @param finishedAt when it completed, failed or was cancelled, or null
 */
public record TranscodeJobStatus(
    String jobId,
    String sourceContentId,
    String profileName,
    String profileHash,
    JobState state,
    long frames,
    double percent,
    double fps,
    String path,
    String renditionId,
    boolean reused,
    String failure,
    String reason,
    String submittedAt,
    String startedAt,
    String finishedAt) {}
