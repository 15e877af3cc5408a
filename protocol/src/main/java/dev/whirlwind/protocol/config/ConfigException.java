package dev.whirlwind.protocol.config;

/** A configuration value that stops start-up; the message names the key and what was expected. */
public final class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String message) {
    super("config key '" + key + "': " + message);
    this.key = key;
  }

  /** The dotted key, e.g. {@code eviction.policy}. */
  public String key() {
    return key;
  }
}
