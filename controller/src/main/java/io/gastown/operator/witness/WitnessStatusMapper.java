package io.gastown.operator.witness;

import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.witness.PolecatsSummary;
import io.gastown.operator.api.witness.Witness;
import io.gastown.operator.api.witness.WitnessPhase;
import io.gastown.operator.api.witness.WitnessReason;
import io.gastown.operator.api.witness.WitnessSpec;
import io.gastown.operator.api.witness.WitnessStatus;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.Durations;
import io.gastown.operator.common.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A Witness's status from the rig's Polecats: pure. */
final class WitnessStatusMapper {

  static final String READY = "Ready";
  static final String ESCALATED = "Escalated";
  static final int ESCALATED_LIMIT = 20;

  private WitnessStatusMapper() {}

  static WitnessStatus status(Witness witness, Collection<Polecat> polecats, boolean rigExists, Instant now) {
    WitnessStatus previous = witness.getStatus() == null ? new WitnessStatus() : witness.getStatus();
    WitnessStatus status = new WitnessStatus();
    PolecatsSummary summary = new PolecatsSummary();
    List<String> escalatedNow = new ArrayList<>();
    for (Polecat polecat : polecats) {
      summary.setTotal(summary.getTotal() + 1);
      PolecatPhase phase = polecat.getStatus() == null ? null : polecat.getStatus().getPhase();
      if (phase == PolecatPhase.Pending || phase == PolecatPhase.Working) {
        summary.setRunning(summary.getRunning() + 1);
      } else if (phase == PolecatPhase.Done) {
        summary.setSucceeded(summary.getSucceeded() + 1);
      } else if (phase == PolecatPhase.Failed) {
        summary.setFailed(summary.getFailed() + 1);
      } else if (phase == PolecatPhase.Stuck) {
        summary.setStuck(summary.getStuck() + 1);
      }
      if (needsEscalation(polecat)) {
        escalatedNow.add(polecat.getMetadata().getName());
      }
    }
    status.setPolecatsSummary(summary);
    List<String> escalated = new ArrayList<>(previous.getEscalated());
    escalatedNow.stream().sorted().filter(n -> !escalated.contains(n)).forEach(escalated::add);
    status.setEscalated(escalated.subList(Math.max(0, escalated.size() - ESCALATED_LIMIT), escalated.size()));
    String invalid = invalid(witness.getSpec());
    status.setPhase(invalid != null ? WitnessPhase.Degraded : rigExists ? WitnessPhase.Active : WitnessPhase.Pending);
    status.setLastCheckTime(Timestamps.format(now));
    status.setObservedGeneration(witness.getMetadata().getGeneration());
    var conditions = Conditions.set(previous.getConditions(), READY, invalid == null && rigExists,
        (invalid != null ? WitnessReason.InvalidSpec : rigExists ? WitnessReason.Watching : WitnessReason.RigNotFound).name(),
        invalid != null ? invalid : rigExists ? "watching the Polecats of rig " + witness.getSpec().getRigRef()
            : "no Rig " + witness.getSpec().getRigRef() + " exists; its Polecats are watched all the same", now);
    boolean stuck = summary.getStuck() > 0;
    status.setConditions(Conditions.set(conditions, ESCALATED, !escalatedNow.isEmpty(),
        escalatedNow.isEmpty() ? WitnessReason.NothingToEscalate.name()
            : (stuck ? WitnessReason.PolecatStuck : WitnessReason.PolecatFailed).name(),
        escalatedNow.isEmpty() ? "no failed or stuck Polecat" : "failed or stuck: " + String.join(", ", escalatedNow), now));
    return status;
  }

  /** Failed for a reason of its run (not a spec that can never run), or stuck. */
  static boolean needsEscalation(Polecat polecat) {
    PolecatPhase phase = polecat.getStatus() == null ? null : polecat.getStatus().getPhase();
    return phase == PolecatPhase.Stuck || (phase == PolecatPhase.Failed && !"InvalidSpec".equals(reason(polecat)));
  }

  static String why(Polecat polecat) {
    return polecat.getStatus().getPhase() == PolecatPhase.Stuck ? "is stuck: " + message(polecat)
        : "failed (" + reason(polecat) + "): " + message(polecat);
  }

  private static String reason(Polecat polecat) {
    return polecat.getStatus().getConditions().stream().filter(c -> "Working".equals(c.getType()))
        .map(c -> c.getReason()).findFirst().orElse("");
  }

  private static String message(Polecat polecat) {
    return polecat.getStatus().getConditions().stream().filter(c -> "Working".equals(c.getType()))
        .map(c -> String.valueOf(c.getMessage())).findFirst().orElse("");
  }

  private static String invalid(WitnessSpec spec) {
    return Durations.seconds(spec.getStuckThreshold()).filter(s -> s == 0).isPresent()
        ? "spec.stuckThreshold must be longer than 0s" : null;
  }
}
