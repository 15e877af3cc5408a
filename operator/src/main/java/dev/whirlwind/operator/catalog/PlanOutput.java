package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.Video;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a plan gathers while it walks a catalog's videos. */
final class PlanOutput {
  final List<CatalogAction> downloads = new ArrayList<>();
  final List<CatalogAction> copies = new ArrayList<>();
  final List<CatalogAction> jobs = new ArrayList<>();
  final Set<String> problems = new LinkedHashSet<>();
  // Content ids (sources and renditions) the catalog's current videos use: never purged.
  final Set<String> inUse = new LinkedHashSet<>();
  // Content ids of the current videos, with the videos that have those bytes.
  final Map<String, List<Video>> byContent = new LinkedHashMap<>();
}
