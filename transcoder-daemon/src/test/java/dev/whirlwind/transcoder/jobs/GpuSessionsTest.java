package dev.whirlwind.transcoder.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class GpuSessionsTest {
  @Test
  void withoutCudaOrAskingForTheCpuNoSessionIsTaken() throws Exception {
    assertThat(new GpuSessions(false, 4).take("gpu").held()).isFalse();
    GpuSessions sessions = new GpuSessions(true, 1);
    assertThat(sessions.take("cpu").held()).isFalse();
    assertThat(sessions.available()).isEqualTo(1);
  }

  @Test
  void autoTakesAFreeSessionOrNoneAndAReleaseGivesBackOneOnlyOnce() throws Exception {
    GpuSessions sessions = new GpuSessions(true, 1);
    GpuSessions.Hold first = sessions.take("auto");
    assertThat(first.held()).isTrue();
    assertThat(sessions.take("auto").held()).isFalse(); // none free: the CPU, at once
    first.release();
    first.release(); // the fallback and the end of the job both release
    assertThat(sessions.available()).isEqualTo(1);
  }

  @Test
  void gpuWaitsForASession() throws Exception {
    GpuSessions sessions = new GpuSessions(true, 1);
    GpuSessions.Hold first = sessions.take("gpu");
    CompletableFuture<GpuSessions.Hold> second =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return sessions.take("gpu");
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      second.get(300, TimeUnit.MILLISECONDS);
      throw new AssertionError("took a session that was not free");
    } catch (TimeoutException expected) {
      // still waiting
    }
    first.release();
    assertThat(second.get(10, TimeUnit.SECONDS).held()).isTrue();
    assertThat(sessions.available()).isZero();
  }
}
