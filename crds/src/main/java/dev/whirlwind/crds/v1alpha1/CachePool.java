package dev.whirlwind.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A pool of cache daemons, reconciled into a StatefulSet and its companions. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("CachePool")
@Plural("cachepools")
@ShortNames("cpool")
@AdditionalPrinterColumn(
    name = "READY",
    jsonPath = ".status.ready",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "CAPACITY",
    jsonPath = ".status.capacityBytes",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "UPLOAD",
    jsonPath = ".status.uploadBytesPerSecond",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "MULTIPLIER",
    jsonPath = ".status.lastAllocation.bandwidthMultiplier",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class CachePool extends CustomResource<CachePoolSpec, CachePoolStatus>
    implements Namespaced {
  @Override
  protected CachePoolStatus initStatus() {
    return new CachePoolStatus();
  }
}
