package dev.whirlwind.protocol.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The keys of a configuration record, found by walking its components: nested records become dotted
 * keys ({@code eviction.policy}) and environment variables with {@code __} for nesting ({@code
 * WHIRLWIND_EVICTION__POLICY}).
 */
public final class ConfigKeys {
  public static final String ENV_PREFIX = "WHIRLWIND_";

  /** Variables under the prefix that logging reads (logback.xml), not the config. */
  public static final java.util.Set<String> LOGGING_VARIABLES =
      java.util.Set.of("WHIRLWIND_LOG_LEVEL", "WHIRLWIND_ACCESS_LOG_LEVEL");

  /** Whether a variable is meant for a config: under the prefix and not logging's. */
  public static boolean isConfigVariable(String name) {
    return name.startsWith(ENV_PREFIX) && !LOGGING_VARIABLES.contains(name);
  }

  /** One leaf key of a configuration record. */
  public record Key(List<String> path, Class<?> type, Type genericType, String doc) {
    public String dotted() {
      return String.join(".", path);
    }

    public String envVar() {
      List<String> parts = new ArrayList<>();
      for (String p : path) {
        parts.add(upperSnake(p));
      }
      return ENV_PREFIX + String.join("__", parts);
    }

    /** Element type of a list key. */
    public Class<?> elementType() {
      if (genericType instanceof ParameterizedType p) {
        Type element = p.getActualTypeArguments()[0];
        if (element instanceof Class<?> c) {
          return c;
        }
        if (element instanceof ParameterizedType nested
            && nested.getRawType() instanceof Class<?> c) {
          return c;
        }
      }
      return String.class;
    }
  }

  private ConfigKeys() {}

  public static List<Key> of(Class<?> recordType) {
    List<Key> keys = new ArrayList<>();
    collect(recordType, new ArrayList<>(), keys);
    return keys;
  }

  private static void collect(Class<?> type, List<String> prefix, List<Key> out) {
    for (RecordComponent c : type.getRecordComponents()) {
      List<String> path = new ArrayList<>(prefix);
      path.add(c.getName());
      if (c.getType().isRecord()) {
        collect(c.getType(), path, out);
      } else {
        Doc doc = c.getAnnotation(Doc.class);
        out.add(
            new Key(
                List.copyOf(path),
                c.getType(),
                c.getGenericType(),
                doc == null ? "" : doc.value()));
      }
    }
  }

  /** {@code bandwidthBytesPerSecond} becomes {@code BANDWIDTH_BYTES_PER_SECOND}. */
  static String upperSnake(String camel) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char ch = camel.charAt(i);
      if (Character.isUpperCase(ch) && i > 0) {
        sb.append('_');
      }
      sb.append(Character.toUpperCase(ch));
    }
    return sb.toString().toUpperCase(Locale.ROOT);
  }
}
