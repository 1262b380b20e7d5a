package io.gastown.operator.convoy;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.agent.RetryPolicy;
import io.gastown.operator.api.convoy.Convoy;
import io.gastown.operator.api.convoy.ConvoyReason;
import io.gastown.operator.api.convoy.ConvoyStatus;
import io.gastown.operator.api.polecat.DesiredState;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.polecat.PolecatTemplate;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.witness.Witness;
import io.gastown.operator.common.ApiErrors;
import io.gastown.operator.common.CreateOnly;
import io.gastown.operator.common.EventRecorder;
import io.gastown.operator.common.Labels;
import io.gastown.operator.common.Owners;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Works a Convoy's beads: tracks the Polecat of the rig that works on each bead, creates one for
 * each bead that has none (never more than {@code parallelism} working), and reports every bead.
 * Woken by the Polecats of its rig (or its own) changing phase or merge, and by the rig's Refineries.
 */
public class ConvoyReconciler implements Reconciler<Convoy> {

  private final EventRecorder events;
  private final Clock clock;
  private final PolecatWatch polecats;
  private InformerEventSource<Refinery, Convoy> refineryEvents;
  private InformerEventSource<Witness, Convoy> witnessEvents;

  public ConvoyReconciler(PolecatWatch polecats, EventRecorder events, Clock clock) {
    this.polecats = polecats;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Convoy>> prepareEventSources(EventSourceContext<Convoy> context) {
    var primaries = context.getPrimaryCache();
    EventSource<?, Convoy> members = polecats.subscribe("convoy-polecats", (before, after) -> {
      if (before != null && after != null && ConvoyPlan.signature(before).equals(ConvoyPlan.signature(after))) {
        return Set.of();
      }
      return Stream.of(before, after).filter(Objects::nonNull)
          .flatMap(p -> primaries.list(p.getMetadata().getNamespace(), convoy -> ConvoyPlan.concerns(convoy, p)))
          .map(ResourceID::fromResource).collect(Collectors.toSet());
    });
    var refineries = InformerEventSourceConfiguration.from(Refinery.class, Convoy.class)
        .withName("convoy-refineries")
        .withSecondaryToPrimaryMapper(refinery -> primaries.list(refinery.getMetadata().getNamespace(),
                convoy -> Objects.equals(convoy.getSpec().getRigRef(), refinery.getSpec().getRigRef()))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withOnUpdateFilter((next, previous) -> false)
        .build();
    var witnesses = InformerEventSourceConfiguration.from(Witness.class, Convoy.class)
        .withName("convoy-witnesses")
        .withSecondaryToPrimaryMapper(witness -> primaries.list(witness.getMetadata().getNamespace(),
                convoy -> Objects.equals(convoy.getSpec().getRigRef(), witness.getSpec().getRigRef()))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build();
    refineryEvents = new InformerEventSource<>(refineries, context);
    witnessEvents = new InformerEventSource<>(witnesses, context);
    return List.of(members, refineryEvents, witnessEvents);
  }

  /** A failed reconcile is on the resource until one goes through; JOSDK retries it with {@link ApiErrors#retry}. */
  @Override
  public ErrorStatusUpdateControl<Convoy> updateErrorStatus(Convoy convoy, Context<Convoy> context, Exception e) {
    return ApiErrors.report(convoy, e, ConvoyStatus::new, events, clock.instant());
  }

  @Override
  public UpdateControl<Convoy> reconcile(Convoy convoy, Context<Convoy> context) {
    String namespace = convoy.getMetadata().getNamespace();
    List<Polecat> polecats = members(convoy).toList();
    boolean refined = convoy.getSpec().getRigRef() != null && refineryEvents.list(namespace,
        r -> convoy.getSpec().getRigRef().equals(r.getSpec().getRigRef())).findAny().isPresent();
    Optional<String> invalid = ConvoyPlan.validate(convoy);
    var witnesses = witnessEvents.list(namespace, w -> Objects.equals(w.getSpec().getRigRef(), convoy.getSpec().getRigRef())).toList();
    Instant now = clock.instant();
    ConvoyPlan plan = invalid.isPresent() ? ConvoyPlan.none(convoy) : ConvoyPlan.of(convoy, polecats, refined,
        p -> witnesses.stream().anyMatch(w -> RetryPolicy.untilRetry(p, w, now).isPresent()));
    Map<String, Polecat> started = new HashMap<>();
    for (String bead : plan.toStart()) {
      Polecat created = CreateOnly.createOrGet(context.getClient(), polecatFor(convoy, bead));
      started.put(bead, created);
      this.polecats.created(created);
    }
    ConvoyStatus status = ConvoyStatusMapper.status(convoy, plan.withStarted(started), invalid, now);
    status.setConditions(ApiErrors.cleared(status.getConditions()));
    if (status.equals(convoy.getStatus())) {
      return UpdateControl.noUpdate();
    }
    recordTransition(convoy, status);
    StatusPatch.write(context, convoy, status);
    return UpdateControl.noUpdate();
  }

  private void recordTransition(Convoy convoy, ConvoyStatus next) {
    var before = convoy.getStatus() == null ? null : convoy.getStatus().getPhase();
    if (before == next.getPhase()) {
      return;
    }
    switch (next.getPhase()) {
      case Complete -> events.record(convoy, EventRecorder.Type.Normal, ConvoyReason.ConvoyComplete,
          "all " + next.getCompletedBeads().size() + " beads are complete");
      case Failed -> events.record(convoy, EventRecorder.Type.Warning, ConvoyReason.BeadsFailed,
          "beads failed: " + String.join(", ", next.getFailedBeads()));
      default -> { }
    }
  }

  /** Its own Polecats (whose rig is its rigRef, or its name without one) and those of its rig on its beads. */
  private Stream<Polecat> members(Convoy convoy) {
    String namespace = convoy.getMetadata().getNamespace();
    String rig = convoy.getSpec().getRigRef() != null ? convoy.getSpec().getRigRef() : convoy.getMetadata().getName();
    return polecats.ofRig(namespace, rig).filter(p -> ConvoyPlan.concerns(convoy, p));
  }

  /** The Polecat the convoy creates for a bead: its template over the Rig's defaults, owned by the convoy. */
  static Polecat polecatFor(Convoy convoy, String bead) {
    PolecatTemplate template = convoy.getSpec().getPolecatTemplate() == null ? new PolecatTemplate()
        : Serialization.clone(convoy.getSpec().getPolecatTemplate());
    PolecatSpec spec = new PolecatSpec();
    spec.setTaskDescription(template.getTaskDescription());
    spec.setExecutionMode(template.getExecutionMode());
    spec.setKubernetes(template.getKubernetes());
    spec.setTekton(template.getTekton());
    spec.setAgentConfig(template.getAgentConfig());
    spec.setTtlSecondsAfterFinished(template.getTtlSecondsAfterFinished());
    spec.setPullRequest(template.getPullRequest());
    // Without a rigRef the convoy's name is the Polecats' rig: they run on the template's fields.
    spec.setRig(convoy.getSpec().getRigRef() != null ? convoy.getSpec().getRigRef() : convoy.getMetadata().getName());
    spec.setBeadID(bead);
    spec.setDesiredState(DesiredState.Working);
    Polecat polecat = new Polecat();
    polecat.getMetadata().setName(ConvoyPlan.polecatName(convoy, bead));
    polecat.getMetadata().setNamespace(convoy.getMetadata().getNamespace());
    polecat.getMetadata().setLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR, ConvoyPlan.CONVOY_LABEL,
        convoy.getMetadata().getName()));
    polecat.getMetadata().setOwnerReferences(List.of(Owners.controller(convoy)));
    polecat.setSpec(spec);
    return polecat;
  }

  static Set<String> beads(Convoy convoy) {
    return new LinkedHashSet<>(Objects.requireNonNullElse(convoy.getSpec().getTrackedBeads(), List.of()));
  }

  static boolean finished(PolecatStatus status) {
    return status != null && status.getPhase() != null && status.getPhase().isTerminal();
  }
}
