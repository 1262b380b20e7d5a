package io.gastown.operator.api.refinery;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A merge queue for one rig: finished Polecat branches, merged one by one through Tekton. */
@Group("gastown.gastown.io")
@Version("v1alpha1")
@Plural("refineries")
@AdditionalPrinterColumn(name = "Rig", jsonPath = ".spec.rigRef", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Queue", jsonPath = ".status.queueLength", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Refinery extends CustomResource<RefinerySpec, RefineryStatus> implements Namespaced {

  @Override
  protected RefinerySpec initSpec() {
    return new RefinerySpec();
  }
}
