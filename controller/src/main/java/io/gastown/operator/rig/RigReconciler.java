package io.gastown.operator.rig;

import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.api.rig.RigReason;
import io.gastown.operator.api.rig.RigStatus;
import io.gastown.operator.common.ApiErrors;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.EventRecorder;
import io.gastown.operator.common.PolecatWatch;
import io.gastown.operator.common.StatusPatch;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reports each Rig: whether its spec is usable, and its Polecats by phase, their cost, how many
 * work and how many wait for a slot. Frees the slots of Polecats that were deleted. Woken by the
 * rig's Polecats changing phase, cost or waiting reason.
 */
public class RigReconciler implements Reconciler<Rig> {

  private final RigSlots slots;
  private final PolecatWatch polecats;
  private final EventRecorder events;
  private final Clock clock;

  public RigReconciler(RigSlots slots, PolecatWatch polecats, EventRecorder events, Clock clock) {
    this.slots = slots;
    this.polecats = polecats;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Rig>> prepareEventSources(EventSourceContext<Rig> context) {
    return List.of(polecats.subscribe("rig-members", this::wakes), polecats.stoppedWith("rig"));
  }

  /** The rigs a Polecat belongs and belonged to, when its phase, cost or waiting changed; a deleted one frees its slot at once. */
  private Set<ResourceID> wakes(Polecat before, Polecat after) {
    if (after == null && rigOf(before) != null) {
      slots.release(rigOf(before), ResourceID.fromResource(before));
    }
    if (before != null && after != null && signature(before).equals(signature(after))) {
      return Set.of();
    }
    return Stream.of(before, after).map(RigReconciler::rigOf).filter(Objects::nonNull).map(ResourceID::new)
        .collect(Collectors.toSet());
  }

  private static String rigOf(Polecat polecat) {
    return polecat == null || polecat.getSpec() == null ? null : polecat.getSpec().getRig();
  }

  /** A failed reconcile is on the resource until one goes through; JOSDK retries it with {@link ApiErrors#retry}. */
  @Override
  public ErrorStatusUpdateControl<Rig> updateErrorStatus(Rig rig, Context<Rig> context, Exception e) {
    return ApiErrors.report(rig, e, RigStatus::new, events, clock.instant());
  }

  @Override
  public UpdateControl<Rig> reconcile(Rig rig, Context<Rig> context) {
    String name = rig.getMetadata().getName();
    List<Polecat> members = polecats.ofRig(name).toList();
    slots.sweep(name);
    int waiting = (int) members.stream().filter(RigReconciler::waitsForASlot).count();
    Optional<String> invalid = RigValidator.validate(rig);
    RigStatus status = RigStatusMapper.status(rig, members, 0, waiting, invalid, clock.instant());
    status.setConditions(ApiErrors.cleared(status.getConditions()));
    if (status.equals(rig.getStatus())) {
      return UpdateControl.noUpdate();
    }
    boolean wasDegraded = rig.getStatus() != null && Conditions.find(rig.getStatus().getConditions(), RigStatusMapper.READY)
        .map(c -> "False".equals(c.getStatus())).orElse(false);
    if (invalid.isPresent() && !wasDegraded) {
      events.record(rig, EventRecorder.Type.Warning, RigReason.InvalidSpec, invalid.get());
    }
    StatusPatch.write(context, rig, status);
    return UpdateControl.noUpdate();
  }

  private static boolean waitsForASlot(Polecat polecat) {
    return polecat.getStatus() != null && polecat.getStatus().getConditions().stream()
        .anyMatch(c -> RigReason.RigAtCapacity.name().equals(c.getReason()));
  }

  /** Phase, cost and whether it waits for a slot: all a Rig reads of a Polecat. */
  private static String signature(Polecat polecat) {
    PolecatStatus status = polecat.getStatus();
    return polecat.getSpec().getRig() + "|" + (status == null ? "" : status.getPhase() + "|" + status.getCostUSD())
        + "|" + waitsForASlot(polecat);
  }
}
