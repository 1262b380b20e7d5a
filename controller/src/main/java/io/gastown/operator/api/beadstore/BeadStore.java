package io.gastown.operator.api.beadstore;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.gastown.operator.api.polecat.Polecat;

/** The beads of a rig's repository ({@code .beads/issues.jsonl}): counted and listed by a sync run on the cluster. */
@Group(Polecat.GROUP)
@Version(Polecat.VERSION)
@AdditionalPrinterColumn(name = "Rig", jsonPath = ".spec.rigRef", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Prefix", jsonPath = ".spec.prefix", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Issues", jsonPath = ".status.issueCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class BeadStore extends CustomResource<BeadStoreSpec, BeadStoreStatus> implements Namespaced {

  @Override
  protected BeadStoreSpec initSpec() {
    return new BeadStoreSpec();
  }
}
