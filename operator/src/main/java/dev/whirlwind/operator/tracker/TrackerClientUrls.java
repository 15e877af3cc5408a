package dev.whirlwind.operator.tracker;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog's shards as clients get them ({@code spec.trackers.publicUrlTemplate} filled per
 * shard): in the trackers' documents on their client port and in the catalog's status URLs. One
 * pure function for the trackers' configuration and the catalog planner.
 */
public final class TrackerClientUrls {
  private TrackerClientUrls() {}

  /** Every shard's client URL, in shard order; empty without a template. */
  public static List<String> of(VideoCatalog catalog, List<String> shardUrls) {
    return of(
        catalog.getSpec().trackers == null ? null : catalog.getSpec().trackers.publicUrlTemplate,
        TrackerNames.of(catalog),
        shardUrls.size());
  }

  /** Every shard's client URL from {@code template}; empty when it is unset. */
  public static List<String> of(String template, TrackerNames names, int shards) {
    if (template == null || template.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(shards);
    for (int k = 0; k < shards; k++) {
      String url =
          template
              .replace("{pod}", names.pod(k))
              .replace("{ordinal}", Integer.toString(k))
              .replace("{namespace}", names.namespace())
              .replace("{catalog}", names.catalog());
      out.add(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
    return List.copyOf(out);
  }
}
