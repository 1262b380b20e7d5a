package io.gastown.operator.convoy;

import io.gastown.operator.api.convoy.Convoy;
import io.gastown.operator.api.convoy.ConvoyBead;
import io.gastown.operator.api.convoy.ConvoyPhase;
import io.gastown.operator.api.convoy.ConvoyReason;
import io.gastown.operator.api.convoy.ConvoyStatus;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.Timestamps;
import java.time.Instant;
import java.util.Optional;

/** A Convoy's status from its plan: pure. */
final class ConvoyStatusMapper {

  static final String READY = "Ready";
  static final String COMPLETED = "Completed";

  private ConvoyStatusMapper() {}

  static ConvoyStatus status(Convoy convoy, ConvoyPlan plan, Optional<String> invalid, Instant now) {
    ConvoyStatus previous = convoy.getStatus() == null ? new ConvoyStatus() : convoy.getStatus();
    ConvoyStatus status = new ConvoyStatus();
    boolean anyStarted = false;
    for (ConvoyPlan.Bead bead : plan.beads()) {
      ConvoyBead entry = new ConvoyBead();
      entry.setBead(bead.bead());
      if (bead.polecat() != null) {
        anyStarted = true;
        entry.setPolecat(bead.polecat().getMetadata().getName());
        var s = bead.status();
        if (s != null) {
          entry.setPhase(s.getPhase());
          entry.setBranch(s.getBranch());
          entry.setCommit(s.getCommit());
        }
        // Unknown (in a pull request, awaiting the forge) is neither merged nor not.
      entry.setMerged(bead.merged().filter(m -> !"Unknown".equals(m)).map("True"::equals).orElse(null));
      }
      status.getBeads().add(entry);
      if (bead.complete(plan.refined())) {
        status.getCompletedBeads().add(bead.bead());
      } else if (bead.failed(plan.refined())) {
        status.getFailedBeads().add(bead.bead());
      } else {
        status.getPendingBeads().add(bead.bead());
      }
    }
    int total = plan.beads().size();
    status.setProgress(status.getCompletedBeads().size() + "/" + total);
    ConvoyPhase phase;
    if (invalid.isPresent()) {
      phase = ConvoyPhase.Failed;
    } else if (total > 0 && status.getCompletedBeads().size() == total) {
      phase = ConvoyPhase.Complete;
    } else if (status.getPendingBeads().isEmpty() && !status.getFailedBeads().isEmpty()) {
      phase = ConvoyPhase.Failed;
    } else {
      phase = anyStarted ? ConvoyPhase.InProgress : ConvoyPhase.Pending;
    }
    status.setPhase(phase);
    status.setBeadsConvoyID(previous.getBeadsConvoyID());
    status.setStartedAt(previous.getStartedAt() != null ? previous.getStartedAt() : anyStarted ? Timestamps.format(now) : null);
    boolean finished = phase == ConvoyPhase.Complete || phase == ConvoyPhase.Failed;
    status.setCompletedAt(!finished ? null : previous.getCompletedAt() != null && previous.getPhase() == phase
        ? previous.getCompletedAt() : Timestamps.format(now));
    status.setObservedGeneration(convoy.getMetadata().getGeneration());
    var conditions = Conditions.set(previous.getConditions(), READY, invalid.isEmpty(),
        invalid.isEmpty() ? ConvoyReason.ConvoyReady.name() : ConvoyReason.InvalidSpec.name(),
        invalid.orElse("one Polecat per bead" + (convoy.getSpec().getParallelism() == null || convoy.getSpec().getParallelism() == 0
            ? "" : ", at most " + convoy.getSpec().getParallelism() + " at once")), now);
    String message = switch (phase) {
      case Complete -> "every bead is complete" + (plan.refined() ? " and merged" : "");
      case Failed -> invalid.orElse("beads failed: " + String.join(", ", status.getFailedBeads()));
      default -> status.getProgress() + " beads complete" + (status.getFailedBeads().isEmpty() ? ""
          : "; failed: " + String.join(", ", status.getFailedBeads()));
    };
    ConvoyReason reason = switch (phase) {
      case Complete -> ConvoyReason.ConvoyComplete;
      case Failed -> invalid.isPresent() ? ConvoyReason.InvalidSpec : ConvoyReason.BeadsFailed;
      default -> ConvoyReason.BeadsInProgress;
    };
    status.setConditions(Conditions.set(conditions, COMPLETED, phase == ConvoyPhase.Complete, reason.name(), message, now));
    return status;
  }
}
