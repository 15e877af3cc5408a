package dev.whirlwind.cache.serve;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.whirlwind.protocol.content.ContentId;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * One flat JSON line per response. An event loop only builds the line and queues it; a thread of
 * this log's own hands everything queued to the {@code access} logger as one batch every {@code
 * flushMillis}. Logback's JSON encoder and its asynchronous appender, which wakes its thread for
 * every line, cost about a tenth of the serving core at 2,000 responses a second. Bounded: past
 * {@code maxQueuedLines} lines are dropped (and counted), never requests.
 */
public final class AccessLog implements AutoCloseable {
  private final Logger logger;
  private final int maxQueuedLines;
  private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final ScheduledExecutorService writer;

  public AccessLog(Logger logger, int maxQueuedLines, long flushMillis) {
    this.logger = logger;
    this.maxQueuedLines = maxQueuedLines;
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "access-log");
              t.setDaemon(true);
              return t;
            });
    writer.scheduleWithFixedDelay(this::drain, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * @param sent bytes the socket took
   * @param planned bytes the answer was to have
   */
  void served(
      ContentId id,
      int status,
      String range,
      long sent,
      long planned,
      long startedNanos,
      SocketAddress client) {
    if (!logger.isInfoEnabled()) {
      return;
    }
    if (queued.incrementAndGet() > maxQueuedLines) {
      queued.decrementAndGet();
      dropped.increment();
      return;
    }
    queue.add(
        line(
            System.currentTimeMillis(),
            id,
            status,
            range,
            sent,
            planned,
            (System.nanoTime() - startedNanos) / 1_000_000,
            client));
  }

  /** Lines dropped because the queue was full. */
  public long dropped() {
    return dropped.sum();
  }

  /** Writes what is queued as one logging event (lines joined by newlines). */
  void drain() {
    StringBuilder batch = null;
    String line;
    while ((line = queue.poll()) != null) {
      queued.decrementAndGet();
      if (batch == null) {
        batch = new StringBuilder(line.length() * Math.max(1, queued.get() + 1));
      } else {
        batch.append('\n');
      }
      batch.append(line);
    }
    if (batch != null) {
      logger.info(batch.toString());
    }
  }

  /** Stops the writer and writes what is still queued. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drain();
  }

  static String line(
      long timestampMillis,
      ContentId id,
      int status,
      String range,
      long sent,
      long planned,
      long millis,
      SocketAddress client) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"timestamp\":").append(timestampMillis);
    b.append(",\"level\":\"INFO\",\"loggerName\":\"access\",\"message\":\"served\"");
    b.append(",\"content\":\"").append(id.hex()).append('"');
    b.append(",\"status\":").append(status);
    b.append(",\"range\":");
    quoted(b, range == null ? "-" : range);
    b.append(",\"bytes\":").append(sent);
    b.append(",\"complete\":").append(sent == planned);
    b.append(",\"millis\":").append(millis);
    b.append(",\"client\":");
    quoted(b, String.valueOf(client));
    return b.append('}').toString();
  }

  private static void quoted(StringBuilder b, String s) {
    // The range is the client's header: escaped, so no line can forge another.
    b.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, b);
    b.append('"');
  }
}
