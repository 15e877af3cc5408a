package dev.whirlwind.cache.pullthrough;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.content.ContentId;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The refusals that keep a pull-through from slowing the transfers already running. */
class PullThroughTest {
  private static final ContentId ID = new ContentId("a".repeat(64));

  private static Throwable refusal(PullThrough p) {
    try {
      p.fetch(ID).get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aNodeAtItsBandwidthCapRefusesANewFetch() {
    PullThrough p = new PullThrough(null, null, 8, () -> 0, () -> true, Runnable::run);
    assertThat(refusal(p))
        .isInstanceOf(PullThrough.Busy.class)
        .hasMessageContaining("bandwidth cap");
  }

  @Test
  void aNodeRunningItsMaximumOfFetchesRefusesANewOne() {
    PullThrough p = new PullThrough(null, null, 2, () -> 2, () -> false, Runnable::run);
    assertThat(refusal(p)).isInstanceOf(PullThrough.Busy.class).hasMessageContaining("2 fetches");
  }
}
