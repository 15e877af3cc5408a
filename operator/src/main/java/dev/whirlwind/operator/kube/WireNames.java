package dev.whirlwind.operator.kube;

import com.fasterxml.jackson.databind.ObjectMapper;

/** An enum of the CRDs as the API and the daemons spell it: its JSON value. */
public final class WireNames {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WireNames() {}

  public static String of(Enum<?> value) {
    return value == null ? null : JSON.convertValue(value, String.class);
  }
}
