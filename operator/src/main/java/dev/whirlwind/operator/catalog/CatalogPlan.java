package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.VideoStatus;
import java.util.List;

/**
 * What a catalog's reconcile does and says: the calls to make and the status to write.
 *
 * @param actions idempotent calls, most urgent first
 * @param videos each video's status, in spec order
 * @param pendingPurges contents of removed videos that some daemon may still hold
 * @param problems resources the catalog names that are missing or invalid, in words
 * @param unreachable daemons that did not answer, in words
 */
public record CatalogPlan(
    List<CatalogAction> actions,
    List<VideoStatus> videos,
    List<String> pendingPurges,
    List<String> problems,
    List<String> unreachable) {}
