package io.gastown.operator.polecat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.agent.AgentObservation;
import io.gastown.operator.agent.AgentParams;
import io.gastown.operator.agent.AgentRun;
import io.gastown.operator.agent.PolecatDefaults;
import io.gastown.operator.agent.Problem;
import io.gastown.operator.agent.PullRequestRun;
import io.gastown.operator.agent.RetryPolicy;
import io.gastown.operator.api.polecat.DesiredState;
import io.gastown.operator.api.polecat.ExecutionMode;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatReason;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.api.witness.Witness;
import io.gastown.operator.common.AgentDefaults;
import io.gastown.operator.common.ApiErrors;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.Costs;
import io.gastown.operator.common.Durations;
import io.gastown.operator.common.EventRecorder;
import io.gastown.operator.common.StatusPatch;
import io.gastown.operator.common.Timestamps;
import io.gastown.operator.executor.AgentExecutor;
import io.gastown.operator.rig.RigBudget;
import io.gastown.operator.rig.RigSlots;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each Polecat through its executor (a Pod, or Tekton TaskRuns) and reports what it does.
 * Event driven: the executors' informers (label-selected, mapped by owner reference) wake it; it
 * only schedules itself to wait for something missing or for a TTL.
 */
public class PolecatReconciler implements Reconciler<Polecat> {

  private static final Logger log = LoggerFactory.getLogger(PolecatReconciler.class);

  private final Map<ExecutionMode, AgentExecutor> executors;
  private final AgentDefaults defaults;
  private final SecretCheck secrets;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration retryDelay;
  private final RigSlots slots;
  private InformerEventSource<Rig, Polecat> rigEvents;
  private InformerEventSource<Witness, Polecat> witnessEvents;

  static final String RIG_INDEX = "rig";

  /**
   * @param executors one per execution mode the cluster supports (tekton only where the TaskRun API exists)
   */
  public PolecatReconciler(Map<ExecutionMode, AgentExecutor> executors, AgentDefaults defaults, SecretCheck secrets,
      EventRecorder events, Clock clock, Duration retryDelay, RigSlots slots) {
    this.executors = Map.copyOf(executors);
    this.defaults = defaults;
    this.secrets = secrets;
    this.events = events;
    this.clock = clock;
    this.retryDelay = retryDelay;
    this.slots = slots;
  }

  @Override
  public List<EventSource<?, Polecat>> prepareEventSources(EventSourceContext<Polecat> context) {
    var primaries = context.getPrimaryCache();
    primaries.addIndexer(RIG_INDEX, p -> p.getSpec() == null || p.getSpec().getRig() == null ? List.of() : List.of(p.getSpec().getRig()));
    var rigs = InformerEventSourceConfiguration.from(Rig.class, Polecat.class)
        .withName("rigs")
        .withWatchAllNamespaces()
        .withPrimaryToSecondaryMapper((Polecat p) -> p.getSpec().getRig() == null ? Set.of() : Set.of(new ResourceID(p.getSpec().getRig())))
        .withSecondaryToPrimaryMapper(rig -> primaries.byIndex(RIG_INDEX, rig.getMetadata().getName()).stream()
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build();
    SimpleInboundEventSource<Polecat> wakes = new SimpleInboundEventSource<>("rig-slots");
    // A freed slot goes to the oldest waiting Polecats: wake as many as there are free slots.
    slots.connect(rig -> {
      List<Polecat> waiting = waitingForASlot(primaries.byIndex(RIG_INDEX, rig));
      int free = Math.max(0, capOf(rig) - slots.held(rig));
      waiting.stream().limit(free).map(ResourceID::fromResource).forEach(wakes::propagateEvent);
    }, id -> primaries.get(id).isPresent());
    List<EventSource<?, Polecat>> sources = new ArrayList<>();
    executors.values().forEach(e -> sources.add(e.eventSource(context)));
    rigEvents = new InformerEventSource<>(rigs, context);
    sources.add(rigEvents);
    var witnesses = InformerEventSourceConfiguration.from(Witness.class, Polecat.class)
        .withName("witnesses")
        .withSecondaryToPrimaryMapper(w -> primaries.byIndex(RIG_INDEX, w.getSpec().getRigRef()).stream()
            .filter(p -> Objects.equals(p.getMetadata().getNamespace(), w.getMetadata().getNamespace()))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build();
    witnessEvents = new InformerEventSource<>(witnesses, context);
    sources.add(witnessEvents);
    sources.add(wakes);
    return sources;
  }

  @Override
  public UpdateControl<Polecat> reconcile(Polecat polecat, Context<Polecat> context) {
    UpdateControl<Polecat> control = reconcileOnce(polecat, context);
    // A reconcile that went through but wrote nothing still removes the condition of an earlier failure.
    PolecatStatus current = polecat.getStatus();
    if (current != null && ApiErrors.cleared(current.getConditions()) != current.getConditions()) {
      PolecatStatus cleared = Serialization.clone(current);
      cleared.setConditions(ApiErrors.cleared(current.getConditions()));
      StatusPatch.writeIfCurrent(context, polecat, cleared);
    }
    return control;
  }

  /** A failed reconcile is on the resource until one goes through; JOSDK retries it with {@link ApiErrors#retry}. */
  @Override
  public ErrorStatusUpdateControl<Polecat> updateErrorStatus(Polecat polecat, Context<Polecat> context, Exception e) {
    return ApiErrors.report(polecat, e, PolecatStatus::new, events, clock.instant());
  }

  private UpdateControl<Polecat> reconcileOnce(Polecat polecat, Context<Polecat> context) {
    Instant now = clock.instant();
    Rig rig = context.getSecondaryResource(Rig.class).orElse(null);
    Polecat effective = PolecatDefaults.resolve(polecat, rig, witnessStuckSeconds(polecat), defaults);
    AgentExecutor executor = executors.get(effective.getSpec().getExecutionMode());
    if (isSettled(polecat, executor != null)) {
      release(polecat);
      if (executor != null && endedWith(polecat.getStatus(), PolecatReason.ImagePullFailed)) {
        executor.deleteUnstarted(effective, context);
      }
      if (executor != null && PolecatStatusMapper.pullRequestPending(polecat.getStatus())) {
        Witness witness = witnessOf(polecat).orElse(null);
        boolean retryComing = RetryPolicy.retriesOnNewCredentials(polecat, witness)
            || RetryPolicy.untilRetry(polecat, witness, now).isPresent();
        return forgeStep(polecat, effective, executor, context, retryComing, now);
      }
      if (RetryPolicy.retriesOnNewCredentials(polecat, witnessOf(polecat).orElse(null))) {
        return retryOnNewCredentials(polecat, effective, executor, context, now);
      }
      Optional<Duration> retry = RetryPolicy.untilRetry(polecat, witnessOf(polecat).orElse(null), now);
      if (retry.isPresent() && !retry.get().isZero()) {
        return UpdateControl.<Polecat>noUpdate().rescheduleAfter(retry.get());
      }
      if (retry.isPresent()) {
        String why = PolecatStatusMapper.headline(polecat.getStatus()).map(Condition::getMessage).orElse("");
        // Our own status write wakes nobody: come straight back to start the run.
        return write(context, polecat, effective, PolecatStatusMapper.nextAttempt(polecat, AgentParams.attempt(polecat) + 1,
            "attempt " + AgentParams.attempt(polecat) + " ended " + polecat.getStatus().getPhase() + ": " + why, now))
            .rescheduleAfter(Duration.ofMillis(10));
      }
      // A finished Polecat keeps its result even when its mode's API went away: only its TTL waits for it.
      return executor == null ? UpdateControl.noUpdate() : cleanUpAfterTtl(effective, executor, context, now);
    }
    if (executor == null) {
      return write(context, polecat, effective, PolecatStatusMapper.invalid(polecat, new Problem(PolecatReason.ExecutorMissing,
          "executionMode tekton needs Tekton Pipelines (the tekton.dev/v1 TaskRun API), which this cluster does not serve;"
              + " install Tekton Pipelines or OpenShift Pipelines and restart the operator, or use executionMode kubernetes"),
          now));
    }
    DesiredState desired = effective.getSpec().getDesiredState();
    if (desired == DesiredState.Terminated) {
      release(polecat);
      executor.cancel(effective, context);
      return write(context, polecat, effective, PolecatStatusMapper.terminated(polecat, executor.observe(effective, context), now));
    }
    AgentObservation seen = executor.observe(effective, context);
    if (!seen.started() && runWasLost(polecat)) {
      return write(context, polecat, effective, PolecatStatusMapper.observed(polecat, lost(polecat, now), now));
    }
    if (desired != DesiredState.Working) {
      release(polecat);
      return seen.started() ? write(context, polecat, effective, PolecatStatusMapper.observed(polecat, seen, now))
          : write(context, polecat, effective, PolecatStatusMapper.idle(polecat, now));
    }
    if (!seen.started()) {
      Optional<Problem> invalid = PolecatValidator.validate(effective, defaults.endpoint());
      if (invalid.isPresent()) {
        release(polecat);
        return write(context, polecat, effective, PolecatStatusMapper.invalid(polecat, invalid.get(), now));
      }
      Optional<Problem> missing = secrets.check(effective);
      if (missing.isPresent()) {
        release(polecat);
        return write(context, polecat, effective, PolecatStatusMapper.waiting(polecat, missing.get(), now)).rescheduleAfter(retryDelay);
      }
      Optional<Problem> held = rig == null ? Optional.empty() : waitForRig(polecat, rig, context);
      if (held.isPresent()) {
        // Woken by the rig's slots or the Rig itself; nothing to poll.
        return write(context, polecat, effective, PolecatStatusMapper.waiting(polecat, held.get(), now));
      }
    } else if (rig != null && !seen.finished()) {
      slots.hold(rig.getMetadata().getName(), polecat);
    }
    if (seen.state() != AgentObservation.State.BLOCKED) {
      seen = executor.advance(effective, context, seen);
    }
    if (seen.state() == AgentObservation.State.BLOCKED) {
      return write(context, polecat, effective, PolecatStatusMapper.waiting(polecat, seen.failure(), now)).rescheduleAfter(retryDelay);
    }
    // Set on every write of a run (from the cached key names of the secret), so that a write
    // based on a stale copy of the Polecat cannot drop it.
    PolecatStatus status = PolecatStatusMapper.credentials(PolecatStatusMapper.observed(polecat, seen, now),
        secrets.agentReadsCredentials(effective), now);
    if (PullRequestPlan.enabled(effective.getSpec().getPullRequest())) {
      status = PolecatStatusMapper.awaitingPullRequest(status, now);
    }
    warnOnceAboutCredentials(polecat, status);
    if (status.getPhase().isTerminal()) {
      release(polecat);
    }
    UpdateControl<Polecat> control = write(context, polecat, effective, status);
    if (endedWith(status, PolecatReason.ImagePullBackOff)) {
      // The kubelet's retries may be minutes apart: look again for the image pull timeout.
      control.rescheduleAfter(retryDelay);
    } else if (status.getPhase().isTerminal() && endedWith(status, PolecatReason.ImagePullFailed)) {
      // Settled now: come back to delete the pod that keeps pulling.
      control.rescheduleAfter(Duration.ofMillis(10));
    } else if (status.getPhase().isTerminal() && PolecatStatusMapper.pullRequestPending(status)) {
      // Settled now: come back for the forge step.
      control.rescheduleAfter(Duration.ofMillis(10));
    }
    return control;
  }

  /**
   * After the agent's run ended, the forge step (spec.pullRequest) runs once in a run of its own:
   * the Polecat keeps its phase, the step reports on condition PullRequest and in
   * status.pullRequest. Its TTL waits for the step to end.
   */
  private UpdateControl<Polecat> forgeStep(Polecat polecat, Polecat effective, AgentExecutor executor,
      Context<Polecat> context, boolean retryComing, Instant now) {
    Optional<PullRequestPlan> plan = PullRequestPlan.of(effective, retryComing);
    if (plan.isEmpty()) {
      // Come straight back for what else a finished Polecat waits for (its retry, its TTL).
      return write(context, polecat, effective, PolecatStatusMapper.withoutPullRequest(polecat)).rescheduleAfter(Duration.ofMillis(10));
    }
    PullRequestRun run = executor.observePullRequest(effective, context);
    if (run.state() == PullRequestRun.State.NOT_STARTED) {
      if (endedWith(polecat.getStatus(), PolecatStatusMapper.PULL_REQUEST, PolecatReason.Running)) {
        run = PullRequestRun.failed(null, Map.of(), "the forge step's run was deleted before it finished; it is not run again");
      } else {
        Optional<Problem> missing = secrets.forgeToken(effective, "the forge step runs once it exists",
            "the forge step runs once it is added");
        if (missing.isPresent()) {
          return write(context, polecat, effective,
              PolecatStatusMapper.pullRequestWaiting(polecat, missing.get().reason(), missing.get().message(), now))
              .rescheduleAfter(retryDelay);
        }
        run = executor.startPullRequest(effective, plan.get().params(), context);
      }
    }
    return switch (run.state()) {
      case BLOCKED -> write(context, polecat, effective,
          PolecatStatusMapper.pullRequestWaiting(polecat, PolecatReason.PodNameTaken, run.failure(), now)).rescheduleAfter(retryDelay);
      // Woken by the run's informer; the look every retry delay replaces the TTL's wake-up, which waits for the step.
      case NOT_STARTED, RUNNING -> write(context, polecat, effective, PolecatStatusMapper.pullRequestWaiting(polecat,
          PolecatReason.Running, run.describe() + (plan.get().open() ? " opens the pull request"
              : " comments on issue " + effective.getSpec().getPullRequest().getIssue()), now)).rescheduleAfter(retryDelay);
      case SUCCEEDED, FAILED -> write(context, polecat, effective, PolecatStatusMapper.pullRequestEnded(effective, run, now))
          .rescheduleAfter(Duration.ofMillis(10));
    };
  }

  private static boolean endedWith(PolecatStatus status, String condition, PolecatReason reason) {
    return Conditions.find(status.getConditions(), condition).map(Condition::getReason).filter(reason.name()::equals).isPresent();
  }

  /** The condition that explains the phase has this reason. */
  private static boolean endedWith(PolecatStatus status, PolecatReason reason) {
    return PolecatStatusMapper.headline(status).map(Condition::getReason).filter(reason.name()::equals).isPresent();
  }

  /**
   * Bad credentials fail every run the same way: the next attempt starts once the credentials
   * secret changed. Secrets are not watched, so it is read again every retry delay (a cached GET).
   */
  private UpdateControl<Polecat> retryOnNewCredentials(Polecat polecat, Polecat effective, AgentExecutor executor,
      Context<Polecat> context, Instant now) {
    String current = secrets.credentialsVersion(effective).orElse("");
    String failedWith = polecat.getStatus().getCredentialsVersion();
    if (failedWith == null) {
      return write(context, polecat, effective, PolecatStatusMapper.awaitingNewCredentials(polecat, current)).rescheduleAfter(retryDelay);
    }
    if (current.isEmpty() || current.equals(failedWith)) {
      if (executor != null) {
        cleanUpAfterTtl(effective, executor, context, now);  // the failed run's logs still go at its TTL
      }
      return UpdateControl.<Polecat>noUpdate().rescheduleAfter(retryDelay);
    }
    return write(context, polecat, effective, PolecatStatusMapper.nextAttempt(polecat, AgentParams.attempt(polecat) + 1,
        "attempt " + AgentParams.attempt(polecat) + " failed AuthFailed and the credentials secret changed since", now))
        .rescheduleAfter(Duration.ofMillis(10));
  }

  /** Why the Polecat must wait for its Rig before it starts, or empty once it holds one of its slots. */
  private Optional<Problem> waitForRig(Polecat polecat, Rig rig, Context<Polecat> context) {
    String name = rig.getMetadata().getName();
    List<Polecat> members = context.getPrimaryCache().byIndex(RIG_INDEX, name);
    if (RigBudget.exhausted(rig, members)) {
      release(polecat);
      return Optional.of(new Problem(PolecatReason.RigBudgetExhausted, "the Polecats of rig " + name + " have spent "
          + Costs.format(RigBudget.spent(members)) + " USD of its settings.maxCostUSD "
          + rig.getSpec().getSettings().getMaxCostUSD() + "; this Polecat starts when the Rig's budget is raised"));
    }
    int max = RigBudget.maxPolecats(rig);
    if (!slots.admit(name, polecat, max, waitingForASlot(members))) {
      return Optional.of(new Problem(PolecatReason.RigAtCapacity, max + " Polecats of rig " + name
          + " are working (settings.maxPolecats); this one starts when a slot frees, oldest first"));
    }
    return Optional.empty();
  }

  /**
   * The Polecats that want to start and wait only for a slot, oldest first: asked to work, with no
   * run yet, and not held back by a spec or secret problem of their own.
   */
  static List<Polecat> waitingForASlot(List<Polecat> members) {
    return members.stream().filter(p -> p.getSpec().getDesiredState() == DesiredState.Working).filter(p -> {
      PolecatStatus status = p.getStatus();
      if (status == null) {
        return true;
      }
      boolean heldBack = PolecatStatusMapper.headline(status)
          .filter(c -> PolecatStatusMapper.READY.equals(c.getType()) && "False".equals(c.getStatus()))
          .map(c -> !PolecatReason.RigAtCapacity.name().equals(c.getReason())
              && !PolecatReason.RigBudgetExhausted.name().equals(c.getReason()))
          .orElse(false);
      return !hadRun(status) && !heldBack && (status.getPhase() == null || !status.getPhase().isTerminal());
    }).sorted(RigSlots.OLDEST_FIRST).toList();
  }

  private int capOf(String rig) {
    return rigEvents.get(new ResourceID(rig)).map(RigBudget::maxPolecats).orElse(0);
  }

  /** A Witness of the Polecat's rig in its namespace. */
  private Optional<Witness> witnessOf(Polecat polecat) {
    String rig = polecat.getSpec().getRig();
    return rig == null ? Optional.empty()
        : witnessEvents.list(polecat.getMetadata().getNamespace(), w -> rig.equals(w.getSpec().getRigRef())).findFirst();
  }

  /** The stuckThreshold of a Witness of the Polecat's rig in its namespace (the shortest, if several). */
  private Long witnessStuckSeconds(Polecat polecat) {
    String rig = polecat.getSpec().getRig();
    return rig == null ? null : witnessEvents.list(polecat.getMetadata().getNamespace(), w -> rig.equals(w.getSpec().getRigRef()))
        .map(w -> Durations.seconds(w.getSpec().getStuckThreshold()).orElse(null))
        .filter(Objects::nonNull).filter(s -> s > 0).min(Long::compare).orElse(null);
  }

  private void release(Polecat polecat) {
    if (polecat.getSpec().getRig() != null) {
      slots.release(polecat.getSpec().getRig(), ResourceID.fromResource(polecat));
    }
  }

  /** One Warning Event when the Polecat starts with credentials its agent can read. */
  private void warnOnceAboutCredentials(Polecat polecat, PolecatStatus next) {
    Optional<Condition> before = polecat.getStatus() == null ? Optional.empty()
        : Conditions.find(polecat.getStatus().getConditions(), PolecatStatusMapper.CREDENTIALS_ISOLATED);
    Optional<Condition> after = Conditions.find(next.getConditions(), PolecatStatusMapper.CREDENTIALS_ISOLATED);
    if (after.isPresent() && "False".equals(after.get().getStatus())
        && before.map(c -> !"False".equals(c.getStatus())).orElse(true)) {
      events.record(polecat, EventRecorder.Type.Warning, PolecatReason.AgentReadsCredentials, after.get().getMessage());
    }
  }

  /**
   * Finished for good: only the TTL is left to act on. A spec fixed after InvalidSpec runs again,
   * and so does a Polecat that failed only because its mode's executor was missing (an operator
   * started before Tekton was installed) once this operator has it. A terminated Polecat is watched
   * until Tekton has ended the TaskRuns it cancelled, so that their state says so.
   */
  private static boolean isSettled(Polecat polecat, boolean executorExists) {
    PolecatStatus status = polecat.getStatus();
    if (status == null || status.getPhase() == null || !status.getPhase().isTerminal()) {
      return false;
    }
    boolean specChanged = !Objects.equals(status.getObservedGeneration(), polecat.getMetadata().getGeneration());
    boolean specFixed = endedWith(status, PolecatReason.InvalidSpec) && specChanged;
    boolean executorBack = endedWith(status, PolecatReason.ExecutorMissing) && executorExists && !hadRun(status);
    boolean cancelling = status.getPhase() == PolecatPhase.Terminated && executorExists
        && AgentRun.unfinished(status.getTaskRuns());
    return !specFixed && !executorBack && !cancelling;
  }

  /** The Polecat had a run, and it is gone: never start a second one. */
  private static boolean runWasLost(Polecat polecat) {
    return polecat.getStatus() != null && hadRun(polecat.getStatus());
  }

  /** The status names a pod or TaskRuns of the current attempt. */
  private static boolean hadRun(PolecatStatus status) {
    return status.getPodName() != null || (status.getTaskRuns() != null && !status.getTaskRuns().isEmpty());
  }

  private static AgentObservation lost(Polecat polecat, Instant now) {
    PolecatStatus status = polecat.getStatus();
    AgentRun run = status.getPodName() != null ? AgentRun.pod(status.getPodName()) : AgentRun.taskRuns(status.getTaskRuns());
    Problem why = new Problem(PolecatReason.PodLost,
        run.describe() + " was deleted before the agent finished; create a new Polecat to retry");
    return new AgentObservation(AgentObservation.State.FAILED, run, null, now, null, why);
  }

  private UpdateControl<Polecat> cleanUpAfterTtl(Polecat polecat, AgentExecutor executor, Context<Polecat> context,
      Instant now) {
    Optional<Duration> left = ttlLeft(polecat, polecat.getStatus(), now);
    if (left.isEmpty()) {
      return UpdateControl.noUpdate();
    }
    if (left.get().isZero()) {
      executor.delete(polecat, context);
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<Polecat>noUpdate().rescheduleAfter(left.get());
  }

  /** Time until the finished Polecat's run is deleted; empty when it is not finished or has no TTL. */
  private static Optional<Duration> ttlLeft(Polecat polecat, PolecatStatus status, Instant now) {
    Integer ttl = polecat.getSpec().getTtlSecondsAfterFinished();
    Instant finished = Timestamps.parse(status.getCompletionTime());
    if (ttl == null || finished == null || !status.getPhase().isTerminal()) {
      return Optional.empty();
    }
    Duration left = Duration.between(now, finished.plusSeconds(ttl));
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  /** Writes the status of {@code polecat}; {@code effective} says when its TTL ends. */
  private UpdateControl<Polecat> write(Context<Polecat> context, Polecat polecat, Polecat effective, PolecatStatus status) {
    PolecatStatus previous = polecat.getStatus();
    status.setConditions(ApiErrors.cleared(status.getConditions()));
    UpdateControl<Polecat> control = UpdateControl.noUpdate();
    // Written whole at the version it was computed from: a newer one (the Refinery's Merged, say)
    // makes it a no-op, and that version's event computes the status again.
    if (!status.equals(previous) && StatusPatch.writeIfCurrent(context, polecat, status).isPresent()) {
      logTransition(polecat, previous, status);
      recordTransition(polecat, previous, status);
      recordPullRequest(polecat, previous, status);
      polecat.setStatus(status);
    }
    // Our own status writes wake nobody, and a reconcile may see its own write before the cache
    // does: either way, come back for the TTL.
    ttlLeft(effective, status, clock.instant()).ifPresent(left -> control.rescheduleAfter(left.plusMillis(1)));
    return control;
  }

  /** One INFO line per phase change, with the reason only: messages may quote the agent's summary. */
  private static void logTransition(Polecat polecat, PolecatStatus previous, PolecatStatus next) {
    PolecatPhase before = previous == null ? null : previous.getPhase();
    if (before != next.getPhase()) {
      log.info("Polecat {}/{}: {} -> {} ({})", polecat.getMetadata().getNamespace(), polecat.getMetadata().getName(),
          before == null ? "new" : before, next.getPhase(),
          PolecatStatusMapper.headline(next).map(Condition::getReason).orElse("-"));
    }
  }

  /** One Event when the forge step posted, failed, or waits for something the user must fix. */
  private void recordPullRequest(Polecat polecat, PolecatStatus previous, PolecatStatus next) {
    Optional<Condition> after = Conditions.find(next.getConditions(), PolecatStatusMapper.PULL_REQUEST);
    Optional<Condition> before = previous == null ? Optional.empty()
        : Conditions.find(previous.getConditions(), PolecatStatusMapper.PULL_REQUEST);
    if (after.isEmpty() || before.map(Condition::getReason).equals(after.map(Condition::getReason))) {
      return;
    }
    String message = after.get().getMessage();
    switch (PolecatReason.valueOf(after.get().getReason())) {
      case Opened, Updated -> events.record(polecat, EventRecorder.Type.Normal, PolecatReason.PullRequestOpened, message);
      case Commented -> events.record(polecat, EventRecorder.Type.Normal, PolecatReason.IssueCommented, message);
      case PullRequestFailed, SecretNotFound, SecretKeyMissing, PodNameTaken ->
          events.record(polecat, EventRecorder.Type.Warning, PolecatReason.valueOf(after.get().getReason()), message);
      default -> { }
    }
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
    boolean warning = next.getPhase() == PolecatPhase.Failed || PolecatStatusMapper.READY.equals(after.get().getType())
        || PolecatReason.ImagePullBackOff.name().equals(after.get().getReason());
    events.record(polecat, warning ? EventRecorder.Type.Warning : EventRecorder.Type.Normal,
        PolecatReason.valueOf(after.get().getReason()), after.get().getMessage());
  }
}
