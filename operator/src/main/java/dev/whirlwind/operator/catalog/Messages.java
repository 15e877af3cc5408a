package dev.whirlwind.operator.catalog;

/** Status messages come from daemons and origins: bounded, so no status outgrows its object. */
final class Messages {
  static final int MAX = 300;

  private Messages() {}

  static String bounded(String message) {
    if (message == null || message.length() <= MAX) {
      return message;
    }
    return message.substring(0, MAX - 3) + "...";
  }
}
