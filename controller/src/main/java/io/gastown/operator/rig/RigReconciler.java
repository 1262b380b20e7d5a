package io.gastown.operator.rig;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.api.rig.RigReason;
import io.gastown.operator.api.rig.RigStatus;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.EventRecorder;
import io.gastown.operator.common.PrunedItemStore;
import io.gastown.operator.common.StatusPatch;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reports each Rig: whether its spec is usable, and its Polecats by phase, their cost, how many
 * work and how many wait for a slot. Frees the slots of Polecats that were deleted. Woken by the
 * rig's Polecats changing phase, cost or waiting reason.
 */
public class RigReconciler implements Reconciler<Rig> {

  private final RigSlots slots;
  private final Set<String> namespaces;
  private final EventRecorder events;
  private final Clock clock;
  private InformerEventSource<Polecat, Rig> polecatEvents;

  /** @param namespaces the namespaces whose Polecats count; empty for all */
  public RigReconciler(RigSlots slots, Set<String> namespaces, EventRecorder events, Clock clock) {
    this.slots = slots;
    this.namespaces = namespaces;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Rig>> prepareEventSources(EventSourceContext<Rig> context) {
    var builder = InformerEventSourceConfiguration.from(Polecat.class, Rig.class)
        .withName("rig-members")
        .withSecondaryToPrimaryMapper(polecat -> polecat.getSpec() == null || polecat.getSpec().getRig() == null
            ? Set.of() : Set.of(new ResourceID(polecat.getSpec().getRig())))
        .withOnUpdateFilter((next, previous) -> !signature(next).equals(signature(previous)))
        // A deleted Polecat gives its slot back at once (the Polecat controller sees no deletes).
        .withOnDeleteFilter((polecat, finalStateUnknown) -> {
          if (polecat.getSpec() != null && polecat.getSpec().getRig() != null) {
            slots.release(polecat.getSpec().getRig(), ResourceID.fromResource(polecat));
          }
          return true;
        })
        .withItemStore(new PrunedItemStore<Polecat>(RigReconciler::prune));
    var config = namespaces.isEmpty() ? builder.withWatchAllNamespaces().build() : builder.withNamespaces(namespaces).build();
    polecatEvents = new InformerEventSource<>(config, context);
    return List.of(polecatEvents);
  }

  @Override
  public UpdateControl<Rig> reconcile(Rig rig, Context<Rig> context) {
    String name = rig.getMetadata().getName();
    List<Polecat> members = polecatEvents.list(p -> name.equals(p.getSpec().getRig())).toList();
    slots.sweep(name);
    int waiting = (int) members.stream().filter(RigReconciler::waitsForASlot).count();
    Optional<String> invalid = RigValidator.validate(rig);
    RigStatus status = RigStatusMapper.status(rig, members, 0, waiting, invalid, clock.instant());
    if (status.equals(rig.getStatus())) {
      return UpdateControl.noUpdate();
    }
    boolean wasDegraded = rig.getStatus() != null && Conditions.find(rig.getStatus().getConditions(), RigStatusMapper.READY)
        .map(c -> "False".equals(c.getStatus())).orElse(false);
    if (invalid.isPresent() && !wasDegraded) {
      events.record(rig, EventRecorder.Type.Warning, RigReason.InvalidSpec, invalid.get());
    }
    StatusPatch.write(context.getClient(), rig, status);
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

  private static void prune(Polecat polecat) {
    PolecatSpec spec = new PolecatSpec();
    spec.setRig(polecat.getSpec() == null ? null : polecat.getSpec().getRig());
    polecat.setSpec(spec);
    PolecatStatus full = polecat.getStatus();
    if (full != null) {
      PolecatStatus status = new PolecatStatus();
      status.setPhase(full.getPhase());
      status.setCostUSD(full.getCostUSD());
      if (waitsForASlot(polecat)) {
        status.getConditions().add(new ConditionBuilder().withType("Ready").withReason(RigReason.RigAtCapacity.name()).build());
      }
      polecat.setStatus(status);
    }
    polecat.getMetadata().setLabels(null);
  }
}
