package dev.whirlwind.transcoder.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whirlwind.protocol.transcode.JobState;
import dev.whirlwind.protocol.transcode.TranscodeJobRequest;
import dev.whirlwind.protocol.transcode.TranscodeJobStatus;
import dev.whirlwind.transcoder.cluster.ClusterClients;
import dev.whirlwind.transcoder.media.Accelerators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finished jobs are kept up to a bound, newest first, on disk as in the listing. Without a tracker
 * every job fails at once (it cannot claim its key), which makes finished jobs cheaply.
 */
class JobRetentionTest {
  static final Accelerators CPU_ONLY = new Accelerators(false, Set.of(), Set.of(), Set.of());
  @TempDir Path state;

  private Jobs jobs() throws Exception {
    return new Jobs(
        "t-0", state, new ClusterClients(List.of(), List.of(), ""), CPU_ONLY, 1, 1, 0, 60, 2, 100);
  }

  private static TranscodeJobRequest request(char source) {
    return new TranscodeJobRequest(
        String.valueOf(source).repeat(64), SizeDistanceTest.box(320, 0), false);
  }

  private static TranscodeJobStatus finished(Jobs jobs, String id) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> jobs.get(id).orElseThrow(),
            s -> s.finishedAt() != null && s.state() == JobState.Failed);
  }

  @Test
  void theOldestFinishedJobsAreForgottenOnDiskToo() throws Exception {
    List<TranscodeJobStatus> kept;
    try (Jobs jobs = jobs()) {
      for (char source : new char[] {'a', 'b', 'c', 'd'}) {
        TranscodeJobStatus s = jobs.submit(request(source));
        assertThat(s.submittedAt()).isNotNull();
        TranscodeJobStatus done = finished(jobs, s.jobId());
        assertThat(done.failure()).isEqualTo("cluster");
        // The next job finishes in a later millisecond: the order to forget in is unambiguous.
        long finishedAt = java.time.Instant.parse(done.finishedAt()).toEpochMilli();
        await().until(() -> System.currentTimeMillis() > finishedAt);
      }
      kept = jobs.list();
      assertThat(kept)
          .extracting(TranscodeJobStatus::sourceContentId)
          .containsExactly("c".repeat(64), "d".repeat(64));
    }
    try (Stream<Path> records = Files.list(state.resolve("jobs"))) {
      assertThat(records).hasSize(2);
    }
    try (Jobs restarted = jobs()) {
      restarted.resume();
      assertThat(restarted.list()).isEqualTo(kept); // timestamps included
    }
  }
}
