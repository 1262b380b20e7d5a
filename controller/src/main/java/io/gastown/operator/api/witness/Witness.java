package io.gastown.operator.api.witness;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import io.gastown.operator.api.polecat.Polecat;

/** Watches the Polecats of a rig in its namespace: how many run, succeeded, failed or got stuck, and when their agents count as stuck. */
@Group(Polecat.GROUP)
@Version(Polecat.VERSION)
@Plural("witnesses")
@AdditionalPrinterColumn(name = "Rig", jsonPath = ".spec.rigRef", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Running", jsonPath = ".status.polecatsSummary.running", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Stuck", jsonPath = ".status.polecatsSummary.stuck", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Witness extends CustomResource<WitnessSpec, WitnessStatus> implements Namespaced {

  @Override
  protected WitnessSpec initSpec() {
    return new WitnessSpec();
  }
}
