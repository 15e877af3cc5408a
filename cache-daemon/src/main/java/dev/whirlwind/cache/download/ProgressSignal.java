package dev.whirlwind.cache.download;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Wakes whoever waits for a download's verified prefix to grow (pull-through answers stream it
 * while it lands): each waiter is run once, when the prefix passes what it saw or the download
 * ends. The check and the registration happen under one lock that {@link #wakeAll} takes after the
 * prefix grew, so no wake-up is lost.
 */
final class ProgressSignal {
  private final List<Runnable> waiting = new ArrayList<>();
  private boolean ended; // guarded by waiting

  void onceBeyond(long seen, LongSupplier current, Runnable wake) {
    synchronized (waiting) {
      if (!ended && current.getAsLong() <= seen) {
        waiting.add(wake);
        return;
      }
    }
    wake.run();
  }

  void end() {
    synchronized (waiting) {
      ended = true;
    }
    wakeAll();
  }

  void wakeAll() {
    List<Runnable> due;
    synchronized (waiting) {
      due = new ArrayList<>(waiting);
      waiting.clear();
    }
    due.forEach(Runnable::run);
  }
}
