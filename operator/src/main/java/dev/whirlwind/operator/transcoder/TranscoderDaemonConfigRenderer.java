package dev.whirlwind.operator.transcoder;

import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.crds.v1alpha1.TranscodeProfileSpec;
import dev.whirlwind.crds.v1alpha1.TranscoderConcurrency;
import dev.whirlwind.protocol.config.ConfigYaml;
import dev.whirlwind.protocol.transcode.TranscoderDaemonConfig;
import java.util.List;

/**
 * Renders a profile's transcoder daemon configuration: one pure function shared by the ConfigMap,
 * the pods' checksum annotation and standalone mode. The daemons name no trackers or caches of
 * their own: every job the operator submits names those of its catalog, so one profile's
 * transcoders serve every catalog that uses it. Idle pre-transcoding stays off, since each catalog
 * orders every rendition it lists.
 */
public final class TranscoderDaemonConfigRenderer {
  public static final String FILE_NAME = "config.yaml";
  public static final String CONFIG_DIR = "/etc/whirlwind";
  public static final String STATE_DIR = "/var/lib/whirlwind-transcoder";
  public static final String TOKEN_DIR = "/var/run/whirlwind";

  private TranscoderDaemonConfigRenderer() {}

  public static TranscoderDaemonConfig render(TranscodeProfile profile, ProfileInputs inputs) {
    TranscodeProfileSpec spec = profile.getSpec();
    TranscoderConcurrency c =
        spec.concurrency == null ? new TranscoderConcurrency() : spec.concurrency;
    TranscoderDaemonConfig d = TranscoderDaemonConfig.defaults();
    int gpuSessions =
        inputs.mode() == TranscoderMode.GPU && spec.gpu != null
            ? spec.gpu.count * spec.gpu.sessionsPerGpu
            : 0;
    return new TranscoderDaemonConfig(
        "0.0.0.0",
        TranscoderNames.HTTP_PORT,
        // Each pod claims renditions under its own name (WHIRLWIND_NAME from the pod's name).
        TranscoderNames.of(profile).deployment(),
        TOKEN_DIR + "/admin-token",
        STATE_DIR,
        List.of(),
        List.of(),
        c.jobs,
        c.threadsPerJob,
        gpuSessions,
        d.claimTtlSeconds(),
        0,
        d.finishedJobsKept(),
        List.of(inputs.rendition()),
        d.maxQueuedJobs(),
        d.http());
  }

  public static String yaml(TranscodeProfile profile, ProfileInputs inputs) {
    return ConfigYaml.write(render(profile, inputs));
  }
}
