package dev.whirlwind.operator.standalone;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Status;

/**
 * The live terminal view (JLine): the {@link LiveView} table stays at the bottom of the terminal,
 * redrawn in place, while the timestamped lines scroll above it. Only on a real terminal; {@link
 * #open} answers empty for a pipe, a file or a dumb terminal, and the caller prints plain lines.
 */
final class TerminalConsole implements Console, AutoCloseable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  static final int MAX_HEIGHT = 24;

  private final Terminal terminal;
  private final Status status;
  private final Clock clock;
  private boolean statusReleased;
  private boolean closed;

  private TerminalConsole(Terminal terminal, Clock clock) {
    this.terminal = terminal;
    this.status = Status.getStatus(terminal, true);
    this.clock = clock;
  }

  static Optional<TerminalConsole> open(Clock clock) {
    if (System.console() == null) {
      return Optional.empty();
    }
    try {
      Terminal t = TerminalBuilder.builder().system(true).dumb(true).nativeSignals(true).build();
      String type = t.getType();
      if (type == null || type.startsWith(Terminal.TYPE_DUMB)) {
        t.close();
        return Optional.empty();
      }
      TerminalConsole console = new TerminalConsole(t, clock);
      // Ctrl-C: give the terminal its whole screen back first (JLine closes the terminal in its
      // own shutdown hook, after which the status area could not be removed), then exit as the
      // JVM would, so that the shutdown hook stops every daemon. JLine's default for INT ends the
      // JVM at once and skips the hooks.
      t.handle(
          Terminal.Signal.INT,
          signal -> {
            console.releaseStatus();
            System.exit(130);
          });
      return Optional.of(console);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public synchronized void say(String line) {
    print(new AttributedString(TIME.format(clock.instant()) + "  " + line));
  }

  @Override
  public synchronized void warn(String line) {
    print(
        new AttributedString(
            TIME.format(clock.instant()) + "  " + line,
            AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)));
  }

  private void print(AttributedString line) {
    if (!closed) {
      try {
        terminal.writer().println(line.toAnsi(terminal));
        terminal.flush();
        return;
      } catch (IllegalStateException e) {
        // JLine's shutdown hook closed the terminal.
        closed = true;
      }
    }
    // Lines of the daemons' stop during shutdown still reach the user.
    System.out.println(line.toString());
    System.out.flush();
  }

  @Override
  public boolean live() {
    return true;
  }

  @Override
  public synchronized void show(LiveView.Input input) {
    if (closed || statusReleased) {
      return;
    }
    int width = Math.max(40, terminal.getWidth() - 1);
    List<AttributedString> lines = new ArrayList<>(LiveView.render(input, width));
    // A fixed height: the status area never grows or shrinks under the scrolling lines.
    int room = Math.max(3, Math.min(MAX_HEIGHT, terminal.getHeight() / 2));
    while (lines.size() < room) {
      lines.add(AttributedString.EMPTY);
    }
    try {
      status.update(lines.subList(0, room));
    } catch (IllegalStateException e) {
      closed = true;
    }
  }

  /** Removes the status area for good; lines still print. */
  synchronized void releaseStatus() {
    if (statusReleased || closed) {
      return;
    }
    statusReleased = true;
    try {
      status.update(List.of());
      status.close();
      terminal.flush();
    } catch (IllegalStateException e) {
      closed = true;
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    releaseStatus();
    closed = true;
    try {
      terminal.close();
    } catch (IOException e) {
      // The terminal goes with the process.
    }
  }
}
