package dev.whirlwind.operator.kube;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Whether two statuses say the same, compared as the JSON the API server would store: a status
 * equal to the stored one is not written, so a reconcile that finds nothing new changes no
 * resourceVersion. No status class needs a hand-written {@code equals} for it.
 */
public final class StatusDiff {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusDiff() {}

  public static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    return JSON.valueToTree(a).equals(JSON.valueToTree(b));
  }

  /** The size of the JSON the object serialises to, in bytes. */
  public static int jsonBytes(Object o) {
    try {
      return JSON.writeValueAsBytes(o).length;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A deep copy through JSON. */
  public static <T> T copy(T o, Class<T> type) {
    return o == null ? null : JSON.convertValue(o, type);
  }
}
