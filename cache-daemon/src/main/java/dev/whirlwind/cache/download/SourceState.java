package dev.whirlwind.cache.download;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One source of a download and what it has done: bytes sent, failures, and whether it is penalised
 * (it sent a bad piece or wrong bytes). A source past {@link #MAX_FAILURES} failures or penalised
 * gets no more pieces; the others finish the job.
 */
final class SourceState {
  static final int MAX_FAILURES = 5;

  final URI uri;
  final AtomicLong bytes = new AtomicLong();
  final AtomicInteger failures = new AtomicInteger();
  volatile boolean penalised;
  volatile String lastError;

  SourceState(URI uri) {
    this.uri = uri;
  }

  boolean usable() {
    return !penalised && failures.get() < MAX_FAILURES;
  }

  /** Every source in a line, as a failed order's reason gives them. */
  static String describe(List<SourceState> sources) {
    StringBuilder sb = new StringBuilder();
    for (SourceState s : sources) {
      sb.append(s.uri)
          .append(s.penalised ? " (penalised" : " (")
          .append(s.failures.get())
          .append(" failures")
          .append(s.lastError == null ? "" : ", " + s.lastError)
          .append(") ");
    }
    return sb.toString().trim();
  }
}
