package dev.whirlwind.protocol.config;

/** A daemon's typed configuration, checked once at start-up. */
public interface ValidatedConfig {
  /**
   * Checks values that the types alone cannot.
   *
   * @throws ConfigException naming the first bad key
   */
  void validate();
}
