package dev.whirlwind.operator.kube;

import java.util.LinkedHashMap;
import java.util.Map;

/** The recommended Kubernetes labels every object the operator owns carries. */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "whirlwind-operator";

  /** Informers watch only what we manage, never every Secret or Service of a cluster. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  private Labels() {}

  /** Labels that select the pods of one component instance; immutable once in a selector. */
  public static Map<String, String> selector(String daemon, String instance) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, daemon);
    labels.put(INSTANCE, instance);
    return labels;
  }

  /** Selector labels plus the descriptive ones. */
  public static Map<String, String> of(String daemon, String instance, String component) {
    Map<String, String> labels = selector(daemon, instance);
    labels.put(COMPONENT, component);
    labels.put(PART_OF, "whirlwind");
    labels.put(MANAGED_BY, OPERATOR);
    return labels;
  }
}
