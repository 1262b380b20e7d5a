package io.gastown.operator.polecat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gastown.operator.common.EventRecorder;
import io.gastown.operator.common.Labels;
import io.gastown.operator.common.PrunedItemStore;
import io.gastown.operator.common.Timestamps;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a Polecat as one agent Pod and reports what the pod does. Event driven: the Pod informer
 * (label-selected, mapped by owner reference) wakes it; it only schedules itself to wait for a
 * missing secret or a TTL.
 */
public class PolecatReconciler implements Reconciler<Polecat> {

  private final PolecatPodBuilder pods;
  private final SecretCheck secrets;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration retryDelay;
  private InformerEventSource<Pod, Polecat> podEvents;

  public PolecatReconciler(
      PolecatPodBuilder pods, SecretCheck secrets, EventRecorder events, Clock clock, Duration retryDelay) {
    this.pods = pods;
    this.secrets = secrets;
    this.events = events;
    this.clock = clock;
    this.retryDelay = retryDelay;
  }

  @Override
  public List<EventSource<?, Polecat>> prepareEventSources(EventSourceContext<Polecat> context) {
    var config = InformerEventSourceConfiguration.from(Pod.class, Polecat.class)
        .withLabelSelector(Labels.MANAGED_SELECTOR)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Polecat.class))
        .withOnUpdateFilter(PodChanges::matter)
        // Pods are observed through metadata and status only; their spec stays on the server.
        .withItemStore(new PrunedItemStore<Pod>(pod -> pod.setSpec(null)))
        .build();
    podEvents = new InformerEventSource<>(config, context);
    return List.of(podEvents);
  }

  @Override
  public UpdateControl<Polecat> reconcile(Polecat polecat, Context<Polecat> context) {
    Instant now = clock.instant();
    // The owner-reference mapper matches by name: a pod of a deleted Polecat of the same name maps here too.
    Optional<Pod> named = context.getSecondaryResource(Pod.class);
    Optional<Pod> pod = named.filter(p -> ownedBy(p, polecat));
    if (isSettled(polecat)) {
      return cleanUpAfterTtl(polecat, pod, now, context);
    }
    DesiredState desired = Objects.requireNonNullElse(polecat.getSpec().getDesiredState(), DesiredState.Idle);
    if (desired == DesiredState.Terminated) {
      pod.ifPresent(p -> context.getClient().resource(p).delete());
      return write(polecat, PolecatStatusMapper.terminated(polecat, now));
    }
    if (pod.isPresent()) {
      return write(polecat, observe(polecat, pod.get(), now));
    }
    if (podWasLost(polecat)) {
      Problem lost = new Problem(PolecatReason.PodLost, "pod " + polecat.getStatus().getPodName()
          + " was deleted before the agent finished; create a new Polecat to retry");
      return write(polecat, PolecatStatusMapper.observed(polecat, polecat.getStatus().getPodName(),
          new AgentObservation(AgentObservation.State.FAILED, null, now, null, lost), now));
    }
    if (desired != DesiredState.Working) {
      return write(polecat, PolecatStatusMapper.idle(polecat, now));
    }
    Optional<Problem> invalid = PolecatValidator.validate(polecat);
    if (invalid.isPresent()) {
      return write(polecat, PolecatStatusMapper.invalid(polecat, invalid.get(), now));
    }
    Optional<Problem> missing = secrets.check(polecat);
    if (missing.isPresent()) {
      return write(polecat, PolecatStatusMapper.waiting(polecat, missing.get(), now)).rescheduleAfter(retryDelay);
    }
    if (named.isPresent() && pod.isEmpty()) {
      return write(polecat, podNameTaken(polecat, named.get(), now)).rescheduleAfter(retryDelay);
    }
    return createPod(polecat, context, now);
  }

  private UpdateControl<Polecat> createPod(Polecat polecat, Context<Polecat> context, Instant now) {
    Pod desired = pods.build(polecat);
    Pod created;
    try {
      created = context.getClient().resource(desired).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // Created before a restart or by an earlier attempt whose event has not arrived yet.
      created = context.getClient().pods().inNamespace(desired.getMetadata().getNamespace())
          .withName(desired.getMetadata().getName()).get();
      if (created == null) {
        throw e;
      }
      if (!ownedBy(created, polecat)) {
        return write(polecat, podNameTaken(polecat, created, now)).rescheduleAfter(retryDelay);
      }
    }
    podEvents.handleRecentResourceCreate(ResourceID.fromResource(created), created);
    return write(polecat, observe(polecat, created, now));
  }

  private PolecatStatus observe(Polecat polecat, Pod pod, Instant now) {
    return PolecatStatusMapper.observed(polecat, pod.getMetadata().getName(), PodObserver.observe(polecat, pod), now);
  }

  /** Finished for good: only the TTL is left to act on. A spec fixed after InvalidSpec runs again. */
  private static boolean isSettled(Polecat polecat) {
    PolecatStatus status = polecat.getStatus();
    if (status == null || status.getPhase() == null || !status.getPhase().isTerminal()) {
      return false;
    }
    boolean invalidSpec = PolecatStatusMapper.headline(status)
        .map(Condition::getReason)
        .filter(PolecatReason.InvalidSpec.name()::equals)
        .isPresent();
    boolean specChanged = !Objects.equals(status.getObservedGeneration(), polecat.getMetadata().getGeneration());
    return !(invalidSpec && specChanged);
  }

  private static boolean podWasLost(Polecat polecat) {
    return polecat.getStatus() != null && polecat.getStatus().getPodName() != null;
  }

  private UpdateControl<Polecat> cleanUpAfterTtl(Polecat polecat, Optional<Pod> pod, Instant now, Context<Polecat> context) {
    Optional<Duration> left = ttlLeft(polecat, polecat.getStatus(), now);
    if (left.isEmpty() || pod.isEmpty()) {
      return UpdateControl.noUpdate();
    }
    if (left.get().isZero()) {
      context.getClient().resource(pod.get()).delete();
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<Polecat>noUpdate().rescheduleAfter(left.get());
  }

  /** Time until the finished Polecat's pod is deleted; empty when it is not finished or has no TTL. */
  private static Optional<Duration> ttlLeft(Polecat polecat, PolecatStatus status, Instant now) {
    Integer ttl = polecat.getSpec().getTtlSecondsAfterFinished();
    Instant finished = Timestamps.parse(status.getCompletionTime());
    if (ttl == null || finished == null || !status.getPhase().isTerminal()) {
      return Optional.empty();
    }
    Duration left = Duration.between(now, finished.plusSeconds(ttl));
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  private UpdateControl<Polecat> write(Polecat polecat, PolecatStatus status) {
    PolecatStatus previous = polecat.getStatus();
    if (status.equals(previous)) {
      return UpdateControl.noUpdate();
    }
    recordTransition(polecat, previous, status);
    polecat.setStatus(status);
    UpdateControl<Polecat> patch = UpdateControl.patchStatus(polecat);
    // Our own status writes wake nobody: come back for the TTL.
    ttlLeft(polecat, status, clock.instant()).ifPresent(left -> patch.rescheduleAfter(left.plusMillis(1)));
    return patch;
  }

  private void recordTransition(Polecat polecat, PolecatStatus previous, PolecatStatus next) {
    if (next.getPhase() == PolecatPhase.Idle) {
      return;
    }
    Optional<Condition> before = PolecatStatusMapper.headline(previous);
    Optional<Condition> after = PolecatStatusMapper.headline(next);
    boolean samePhase = previous != null && previous.getPhase() == next.getPhase();
    boolean sameReason = before.map(Condition::getReason).equals(after.map(Condition::getReason));
    if (after.isEmpty() || (samePhase && sameReason)) {
      return;
    }
    // The headline is Ready only while the Polecat cannot start: a missing secret or a bad spec.
    boolean warning = next.getPhase() == PolecatPhase.Failed || PolecatStatusMapper.READY.equals(after.get().getType());
    events.record(polecat, warning ? EventRecorder.Type.Warning : EventRecorder.Type.Normal,
        PolecatReason.valueOf(after.get().getReason()), after.get().getMessage());
  }

  /**
   * A pod with the contract name that is not this Polecat's: usually the pod of a deleted Polecat
   * of the same name that garbage collection has not removed yet. Wait for it; anything else is
   * a name clash the user has to resolve.
   */
  private static PolecatStatus podNameTaken(Polecat polecat, Pod existing, Instant now) {
    String name = existing.getMetadata().getName();
    boolean earlierPolecat = existing.getMetadata().getDeletionTimestamp() != null
        || existing.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> polecat.getKind().equals(o.getKind()) && polecat.getMetadata().getName().equals(o.getName()));
    String message = earlierPolecat
        ? "waiting for pod " + name + " of an earlier Polecat with this name to be deleted"
        : "a pod named " + name + " exists that does not belong to this Polecat; delete it or rename the Polecat";
    return PolecatStatusMapper.waiting(polecat, new Problem(PolecatReason.PodNameTaken, message), now);
  }

  private static boolean ownedBy(Pod pod, Polecat polecat) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> polecat.getMetadata().getUid().equals(o.getUid()));
  }
}
