package io.gastown.operator.api.convoy;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.gastown.operator.api.polecat.Polecat;

/** A batch of beads worked on together: one Polecat per bead, at most {@code parallelism} at once. */
@Group(Polecat.GROUP)
@Version(Polecat.VERSION)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Convoy extends CustomResource<ConvoySpec, ConvoyStatus> implements Namespaced {

  @Override
  protected ConvoySpec initSpec() {
    return new ConvoySpec();
  }
}
