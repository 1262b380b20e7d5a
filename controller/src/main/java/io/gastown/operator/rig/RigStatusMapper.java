package io.gastown.operator.rig;

import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.api.rig.RigPhase;
import io.gastown.operator.api.rig.RigReason;
import io.gastown.operator.api.rig.RigStatus;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.Costs;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A Rig's status from its spec and its Polecats: pure, so every field is unit-testable. */
public final class RigStatusMapper {

  public static final String READY = "Ready";
  public static final String AT_CAPACITY = "AtCapacity";
  public static final String BUDGET_EXHAUSTED = "BudgetExhausted";

  private RigStatusMapper() {}

  /**
   * @param invalid why the spec cannot be used, or empty
   * @param waiting how many Polecats of the rig wait for a slot
   */
  public static RigStatus status(Rig rig, Collection<Polecat> polecats, int activeConvoys, int waiting,
      Optional<String> invalid, Instant now) {
    RigStatus previous = rig.getStatus() == null ? new RigStatus() : rig.getStatus();
    RigStatus status = new RigStatus();
    Map<String, Integer> byPhase = new TreeMap<>();
    for (Polecat polecat : polecats) {
      PolecatPhase phase = polecat.getStatus() == null || polecat.getStatus().getPhase() == null
          ? PolecatPhase.Idle : polecat.getStatus().getPhase();
      byPhase.merge(phase.name(), 1, Integer::sum);
    }
    int working = byPhase.getOrDefault(PolecatPhase.Working.name(), 0);
    status.setPhase(invalid.isPresent() ? RigPhase.Degraded : RigPhase.Ready);
    status.setPolecatCount(polecats.size());
    status.setPolecatsByPhase(byPhase);
    status.setWorking(working);
    status.setActiveConvoys(activeConvoys);
    status.setCostUSD(Costs.format(RigBudget.spent(polecats)));
    status.setObservedGeneration(rig.getMetadata().getGeneration());
    var conditions = Conditions.set(previous.getConditions(), READY, invalid.isEmpty(),
        invalid.isEmpty() ? RigReason.RigReady.name() : RigReason.InvalidSpec.name(),
        invalid.orElse("Polecats of this rig inherit its defaults"), now);
    int max = RigBudget.maxPolecats(rig);
    conditions = Conditions.set(conditions, AT_CAPACITY, waiting > 0,
        waiting > 0 ? RigReason.RigAtCapacity.name() : RigReason.BelowCapacity.name(),
        waiting > 0 ? waiting + " Polecat(s) wait: " + max + " of " + max + " slots (settings.maxPolecats) are taken"
            : "slots in use below settings.maxPolecats (" + max + ")", now);
    boolean exhausted = RigBudget.exhausted(rig, polecats);
    conditions = Conditions.set(conditions, BUDGET_EXHAUSTED, exhausted,
        exhausted ? RigReason.RigBudgetExhausted.name() : RigReason.WithinBudget.name(),
        RigBudget.maxCostUSD(rig).map(maxCost -> "spent " + status.getCostUSD() + " of settings.maxCostUSD " + maxCost
            + (exhausted ? ": new Polecats wait" : "")).orElse("no settings.maxCostUSD"), now);
    status.setConditions(conditions);
    return status;
  }
}
