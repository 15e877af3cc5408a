package dev.whirlwind.operator.standalone;

/**
 * Where standalone mode tells its user what happens: timestamped lines ({@link PlainConsole}), or
 * the same lines scrolling above a live table on a terminal ({@link TerminalConsole}).
 */
public interface Console {
  void say(String line);

  void warn(String line);

  /** Whether the console shows {@link #show} live; if not, progress is printed as lines. */
  default boolean live() {
    return false;
  }

  /** Redraws the live view; a plain console has none. */
  default void show(LiveView.Input input) {}
}
