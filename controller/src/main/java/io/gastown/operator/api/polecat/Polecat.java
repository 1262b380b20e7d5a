package io.gastown.operator.api.polecat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One Claude Code agent working on one bead. */
@Group(Polecat.GROUP)
@Version(Polecat.VERSION)
@ShortNames("pcat")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Bead", jsonPath = ".spec.beadID", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Rig", jsonPath = ".spec.rig", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Polecat extends CustomResource<PolecatSpec, PolecatStatus> implements Namespaced {

  public static final String GROUP = "gastown.gastown.io";
  public static final String VERSION = "v1alpha1";

  @Override
  protected PolecatSpec initSpec() {
    return new PolecatSpec();
  }
}
