package io.gastown.operator.witness;

import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.api.witness.Witness;
import io.gastown.operator.api.witness.WitnessReason;
import io.gastown.operator.api.witness.WitnessStatus;
import io.gastown.operator.common.ApiErrors;
import io.gastown.operator.common.EventRecorder;
import io.gastown.operator.common.PolecatWatch;
import io.gastown.operator.common.StatusPatch;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Watches a rig's Polecats in the Witness's namespace: counts them by state and escalates each
 * one that failed or got stuck, once, as a Warning Event and the Escalated condition. Woken by
 * those Polecats changing phase and by its Rig; it never polls.
 */
public class WitnessReconciler implements Reconciler<Witness> {

  private final EventRecorder events;
  private final Clock clock;
  private final PolecatWatch polecats;

  public WitnessReconciler(PolecatWatch polecats, EventRecorder events, Clock clock) {
    this.polecats = polecats;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Witness>> prepareEventSources(EventSourceContext<Witness> context) {
    var primaries = context.getPrimaryCache();
    // A Polecat changing phase wakes the Witnesses of its rig in its namespace.
    EventSource<?, Witness> members = polecats.subscribe("witnessed-polecats", (before, after) -> {
      if (before != null && after != null && phase(before) == phase(after)) {
        return Set.of();
      }
      return Stream.of(before, after).filter(Objects::nonNull)
          .flatMap(p -> primaries.list(p.getMetadata().getNamespace(), w -> Objects.equals(w.getSpec().getRigRef(), p.getSpec().getRig())))
          .map(ResourceID::fromResource).collect(Collectors.toSet());
    });
    var rigs = InformerEventSourceConfiguration.from(Rig.class, Witness.class)
        .withName("witnessed-rigs")
        .withWatchAllNamespaces()
        .withPrimaryToSecondaryMapper((Witness w) -> Set.of(new ResourceID(w.getSpec().getRigRef())))
        .withSecondaryToPrimaryMapper(rig -> primaries.list(w -> rig.getMetadata().getName().equals(w.getSpec().getRigRef()))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withOnUpdateFilter((next, previous) -> false)
        .build();
    return List.of(members, new InformerEventSource<>(rigs, context));
  }

  /** A failed reconcile is on the resource until one goes through; JOSDK retries it with {@link ApiErrors#retry}. */
  @Override
  public ErrorStatusUpdateControl<Witness> updateErrorStatus(Witness witness, Context<Witness> context, Exception e) {
    return ApiErrors.report(witness, e, WitnessStatus::new, events, clock.instant());
  }

  @Override
  public UpdateControl<Witness> reconcile(Witness witness, Context<Witness> context) {
    String rig = witness.getSpec().getRigRef();
    List<Polecat> polecats = this.polecats.ofRig(witness.getMetadata().getNamespace(), rig).toList();
    boolean rigExists = context.getSecondaryResource(Rig.class).isPresent();
    WitnessStatus status = WitnessStatusMapper.status(witness, polecats, rigExists, clock.instant());
    List<String> before = witness.getStatus() == null ? List.of() : witness.getStatus().getEscalated();
    for (Polecat polecat : polecats) {
      String name = polecat.getMetadata().getName();
      if (WitnessStatusMapper.needsEscalation(polecat) && !before.contains(name)) {
        boolean stuck = polecat.getStatus().getPhase() == PolecatPhase.Stuck;
        events.record(witness, EventRecorder.Type.Warning, stuck ? WitnessReason.PolecatStuck : WitnessReason.PolecatFailed,
            "Polecat " + name + " " + WitnessStatusMapper.why(polecat));
      }
    }
    status.setConditions(ApiErrors.cleared(status.getConditions()));
    if (status.equals(witness.getStatus())) {
      return UpdateControl.noUpdate();
    }
    StatusPatch.write(context, witness, status);
    return UpdateControl.noUpdate();
  }

  private static PolecatPhase phase(Polecat polecat) {
    return polecat.getStatus() == null ? null : polecat.getStatus().getPhase();
  }
}
