package dev.whirlwind.operator.standalone;

/**
 * Where standalone mode tells its user what happens: timestamped lines here; the live terminal view
 * shows the same lines under its table.
 */
public interface Console {
  void say(String line);

  void warn(String line);
}
