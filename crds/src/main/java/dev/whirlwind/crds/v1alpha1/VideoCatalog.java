package dev.whirlwind.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A catalog of videos, reconciled into trackers, download orders and transcode orders. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("VideoCatalog")
@Plural("videocatalogs")
@ShortNames("vcat")
@AdditionalPrinterColumn(
    name = "POOL",
    jsonPath = ".spec.cachePool",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "READY",
    jsonPath = ".status.ready",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "SHARDS",
    jsonPath = ".spec.trackers.shards",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class VideoCatalog extends CustomResource<VideoCatalogSpec, VideoCatalogStatus>
    implements Namespaced {
  @Override
  protected VideoCatalogStatus initStatus() {
    return new VideoCatalogStatus();
  }
}
