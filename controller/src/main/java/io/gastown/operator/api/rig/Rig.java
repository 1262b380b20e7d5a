package io.gastown.operator.api.rig;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.gastown.operator.api.polecat.Polecat;

/**
 * A project the agents work on: its repository, its bead prefix, what its Polecats inherit and how
 * many may work at once. Cluster-scoped; Polecats in any namespace name it in {@code spec.rig}.
 */
@Group(Polecat.GROUP)
@Version(Polecat.VERSION)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Polecats", jsonPath = ".status.polecatCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Convoys", jsonPath = ".status.activeConvoys", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Rig extends CustomResource<RigSpec, RigStatus> {

  @Override
  protected RigSpec initSpec() {
    return new RigSpec();
  }
}
