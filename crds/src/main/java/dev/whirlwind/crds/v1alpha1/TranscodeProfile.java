package dev.whirlwind.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A device profile, reconciled into a transcoder Deployment sized for its accelerator. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("TranscodeProfile")
@Plural("transcodeprofiles")
@ShortNames("tprof")
@AdditionalPrinterColumn(
    name = "CODEC",
    jsonPath = ".spec.video.codec",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "WIDTH",
    jsonPath = ".spec.video.width",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "HEIGHT",
    jsonPath = ".spec.video.height",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "ACCELERATOR",
    jsonPath = ".spec.accelerator",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "READY",
    jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class TranscodeProfile extends CustomResource<TranscodeProfileSpec, TranscodeProfileStatus>
    implements Namespaced {
  @Override
  protected TranscodeProfileStatus initStatus() {
    return new TranscodeProfileStatus();
  }
}
