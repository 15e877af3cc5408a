package dev.whirlwind.transcoder.jobs;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's GPU sessions (NVDEC decoders and the scaler's contexts are a bounded resource; more
 * jobs on one GPU than it has sessions fail inside FFmpeg). A job asking for {@code gpu} waits for
 * one, {@code auto} takes one only if free (else runs on the CPU at once), {@code cpu} and a node
 * without CUDA take none.
 */
final class GpuSessions {
  private final Semaphore sessions;
  private final boolean cuda;

  GpuSessions(boolean cuda, int sessions) {
    this.cuda = cuda;
    this.sessions = new Semaphore(cuda ? sessions : 0);
  }

  /** One job's hold on a session, or on none; given back once, however often it is released. */
  final class Hold {
    private final AtomicBoolean held;

    private Hold(boolean held) {
      this.held = new AtomicBoolean(held);
    }

    boolean held() {
      return held.get();
    }

    /** Nothing of the job runs on the GPU any more. */
    void release() {
      if (held.compareAndSet(true, false)) {
        sessions.release();
      }
    }
  }

  /**
   * A session for a job asking for {@code accelerator} ({@code gpu}, {@code auto} or {@code cpu}).
   */
  Hold take(String accelerator) throws InterruptedException {
    if (!cuda || accelerator.equals("cpu")) {
      return new Hold(false);
    }
    if (accelerator.equals("gpu")) {
      sessions.acquire();
      return new Hold(true);
    }
    return new Hold(sessions.tryAcquire());
  }

  int available() {
    return sessions.availablePermits();
  }
}
