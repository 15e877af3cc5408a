package dev.whirlwind.protocol.config;

import java.net.URI;
import java.util.Collection;
import java.util.List;

/** Small validations whose failures name the key. */
public final class Checks {
  private Checks() {}

  public static void range(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ConfigException(key, "expected " + min + ".." + max + ", got " + value);
    }
  }

  /** An optional second port ({@code 0}: none) must not be the first one. */
  public static void distinctPorts(String key, int port, String otherKey, int other) {
    if (port != 0 && port == other) {
      throw new ConfigException(key, "must differ from " + otherKey + " (" + other + ")");
    }
  }

  public static void oneOf(String key, String value, Collection<String> allowed) {
    if (!allowed.contains(value)) {
      throw new ConfigException(key, "expected one of " + allowed + ", got '" + value + "'");
    }
  }

  public static void notBlank(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(key, "must be set");
    }
  }

  /** Every entry must be an absolute http or https URL with a host. */
  public static void httpUrls(String key, List<String> urls) {
    for (String url : urls) {
      httpUrl(key, url);
    }
  }

  public static void httpUrl(String key, String url) {
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new ConfigException(key, "expected an http(s) URL with a host, got '" + url + "'");
      }
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(key, "expected a URL, got '" + url + "': " + e.getReason());
    }
  }
}
