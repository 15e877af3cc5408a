package dev.whirlwind.operator.standalone;

import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Timestamped lines, one per event, for a pipe, a log file or a terminal. */
public final class PlainConsole implements Console {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final PrintStream out;
  private final Clock clock;

  public PlainConsole(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  @Override
  public synchronized void say(String line) {
    out.println(TIME.format(clock.instant()) + "  " + line);
    out.flush();
  }

  @Override
  public synchronized void warn(String line) {
    out.println(TIME.format(clock.instant()) + "  WARN " + line);
    out.flush();
  }
}
