package dev.whirlwind.crds.v1alpha1;

/** Names of the API group shared by all Whirlwind kinds. */
public final class ApiGroup {
  public static final String GROUP = "whirlwind.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Kubernetes quantity without sign or exponent notation, e.g. {@code 500Gi} or {@code 1.5T}. */
  public static final String QUANTITY_PATTERN =
      "^([0-9]+(\\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$";

  /** An absolute http(s) URL with a host. */
  public static final String HTTP_URL_PATTERN = "^https?://[^\\s/?#]+([/?#][^\\s]*)?$";

  /** An http(s) URL in which only the named placeholders may stand in braces. */
  public static final String URL_TEMPLATE_PATTERN =
      "^https?://([^\\s{}]|\\{(pod|ordinal|namespace|pool)\\})+$";

  /** The same for a catalog's trackers, whose names are the catalog's. */
  public static final String TRACKER_URL_TEMPLATE_PATTERN =
      "^https?://([^\\s{}]|\\{(pod|ordinal|namespace|catalog)\\})+$";

  /** An IPv4 or IPv6 network in CIDR notation. */
  public static final String CIDR_PATTERN =
      "^(([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}|[0-9a-fA-F:]+:[0-9a-fA-F:.]*/[0-9]{1,3})$";

  /** A DNS-1123 label: what Kubernetes accepts as the name of most objects. */
  public static final String DNS_LABEL_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  private ApiGroup() {}
}
