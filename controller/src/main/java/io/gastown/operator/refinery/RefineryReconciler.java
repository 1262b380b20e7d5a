package io.gastown.operator.refinery;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.PipelineRun;
import io.gastown.operator.agent.PolecatDefaults;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.refinery.MergeReason;
import io.gastown.operator.api.refinery.MergeRecord;
import io.gastown.operator.api.refinery.MergeVia;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.refinery.RefineryPhase;
import io.gastown.operator.api.refinery.RefineryStatus;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.ApiErrors;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.CreateOnly;
import io.gastown.operator.common.EventRecorder;
import io.gastown.operator.common.Labels;
import io.gastown.operator.common.PolecatWatch;
import io.gastown.operator.common.PrunedItemStore;
import io.gastown.operator.common.RefineryMetrics;
import io.gastown.operator.common.SecretKeys;
import io.gastown.operator.common.StatusPatch;
import io.gastown.operator.common.Timestamps;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
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
 * Merges the finished branches of a rig, one PipelineRun each: records finished merges on their
 * Polecats, then starts the next queued ones up to {@code parallelism}, then reports the queue;
 * finished runs are deleted once their TTL has passed and the status holds their outcome. Woken
 * by Polecats of the rig reaching Done, by its PipelineRuns finishing, by the end of a run's TTL,
 * and by another Refinery of the namespace appearing, going or changing its rig or branch.
 */
public class RefineryReconciler implements Reconciler<Refinery> {

  static final int HISTORY_LIMIT = 20;
  /**
   * How soon a Refinery comes back to delete a run whose TTL already ended when its outcome was
   * recorded: after the status write, once the cache holds the Polecat's Merged condition.
   */
  static final Duration RECORDED_RECHECK = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(RefineryReconciler.class);

  /** Empty where the cluster serves no Tekton PipelineRuns: every Refinery then reports why it cannot work. */
  private final Optional<MergePipelineRunBuilder> pipelineRuns;
  private final EventRecorder events;
  private final Clock clock;
  private final PolecatWatch polecats;
  private final Duration runTtl;
  private final RefineryMetrics metrics;
  private final SecretKeys secrets;
  private final Duration secretRetryDelay;
  private InformerEventSource<PipelineRun, Refinery> runEvents;
  private InformerEventSource<Refinery, Refinery> siblingEvents;

  /**
   * @param runTtl how long a finished merge PipelineRun is kept, from its completion
   * @param metrics told of every merge recorded, and given the Refineries' cache for their queue lengths
   * @param secrets where pull-request mode finds its forge token Secret, looked at again after {@code secretRetryDelay} while missing
   */
  public RefineryReconciler(Optional<MergePipelineRunBuilder> pipelineRuns, PolecatWatch polecats, EventRecorder events,
      Clock clock, Duration runTtl, RefineryMetrics metrics, SecretKeys secrets, Duration secretRetryDelay) {
    this.pipelineRuns = pipelineRuns;
    this.secrets = secrets;
    this.secretRetryDelay = secretRetryDelay;
    this.metrics = metrics;
    this.polecats = polecats;
    this.events = events;
    this.clock = clock;
    this.runTtl = runTtl;
  }

  @Override
  public List<EventSource<?, Refinery>> prepareEventSources(EventSourceContext<Refinery> context) {
    var primaries = context.getPrimaryCache();
    metrics.watch(primaries::list);
    if (pipelineRuns.isEmpty()) {
      return List.of();
    }
    // Only a Polecat becoming mergeable (or going) matters; its other status updates do not.
    EventSource<?, Refinery> members = polecats.subscribe("rig-polecats", (before, after) -> {
      if (before != null && after != null && MergeQueue.isEligible(before) == MergeQueue.isEligible(after)) {
        return Set.of();
      }
      Polecat polecat = after != null ? after : before;
      return primaries.list(polecat.getMetadata().getNamespace(), r -> Objects.equals(r.getSpec().getRigRef(), polecat.getSpec().getRig()))
          .map(ResourceID::fromResource).collect(Collectors.toSet());
    });
    var runs = InformerEventSourceConfiguration.from(PipelineRun.class, Refinery.class)
        .withName("merge-pipelineruns")
        .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Labels.REFINERY)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Refinery.class))
        .withOnUpdateFilter((next, previous) -> MergeOutcome.of(next).isPresent() != MergeOutcome.of(previous).isPresent())
        .withItemStore(new PrunedItemStore<PipelineRun>(MergeRuns::prune))
        .build();
    // The other Refineries of the namespace: one that goes, or changes rig, branch or Error, may hand the rig over.
    var siblings = InformerEventSourceConfiguration.from(Refinery.class, Refinery.class)
        .withName("sibling-refineries")
        .withSecondaryToPrimaryMapper(other -> primaries.list(other.getMetadata().getNamespace(),
                r -> !r.getMetadata().getName().equals(other.getMetadata().getName()))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withOnUpdateFilter((next, previous) -> !SoleRefinery.contention(next).equals(SoleRefinery.contention(previous)))
        .withItemStore(new PrunedItemStore<Refinery>(SoleRefinery::prune))
        .build();
    var rigs = InformerEventSourceConfiguration.from(Rig.class, Refinery.class)
        .withName("refinery-rigs")
        .withWatchAllNamespaces()
        .withPrimaryToSecondaryMapper((Refinery r) -> r.getSpec().getRigRef() == null ? Set.of() : Set.of(new ResourceID(r.getSpec().getRigRef())))
        .withSecondaryToPrimaryMapper(rig -> primaries.list(r -> rig.getMetadata().getName().equals(r.getSpec().getRigRef()))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build();
    runEvents = new InformerEventSource<>(runs, context);
    siblingEvents = new InformerEventSource<>(siblings, context);
    return List.of(members, runEvents, siblingEvents, new InformerEventSource<>(rigs, context));
  }

  @Override
  public UpdateControl<Refinery> reconcile(Refinery stored, Context<Refinery> context) {
    return reconcileOnce(stored, context);
  }

  /** A failed reconcile is on the resource until one goes through; JOSDK retries it with {@link ApiErrors#retry}. */
  @Override
  public ErrorStatusUpdateControl<Refinery> updateErrorStatus(Refinery refinery, Context<Refinery> context, Exception e) {
    return ApiErrors.report(refinery, e, RefineryStatus::new, events, clock.instant());
  }

  private UpdateControl<Refinery> reconcileOnce(Refinery stored, Context<Refinery> context) {
    Instant now = clock.instant();
    // Without Tekton no informer runs, not even the Rigs'.
    Optional<Rig> rig = pipelineRuns.isEmpty() ? Optional.empty() : context.getSecondaryResource(Rig.class);
    String rigGitURL = rig.map(r -> r.getSpec().getGitURL()).orElse(null);
    Refinery refinery = withRigDefaults(stored, rig);
    Optional<String> invalid = pipelineRuns.isEmpty()
        ? Optional.of("a Refinery needs Tekton Pipelines (the tekton.dev/v1 PipelineRun API), which this cluster does not"
            + " serve; install Tekton Pipelines or OpenShift Pipelines and restart the operator")
        : RefineryValidator.validate(refinery);
    if (invalid.isPresent()) {
      return write(stored, RefineryStatusMapper.invalid(stored, invalid.get(), now), context);
    }
    // The cache of the event source that reports a sibling's deletion, so the one woken by it no longer sees it.
    Optional<Refinery> winner = SoleRefinery.mergingInstead(stored,
        siblingEvents.list(stored.getMetadata().getNamespace()).toList());
    if (winner.isPresent()) {
      return write(stored, RefineryStatusMapper.standingBy(stored, winner.get(), now), context);
    }
    List<Polecat> rigPolecats = polecats.ofRig(refinery.getMetadata().getNamespace(), refinery.getSpec().getRigRef()).toList();
    Set<PipelineRun> runs = context.getSecondaryResources(PipelineRun.class);
    MergeQueue.Plan plan = MergeQueue.plan(refinery.getSpec().getGitRepository(), rigGitURL, rigPolecats, runs);

    List<MergeRecord> recorded = plan.finished().stream().map(finished -> record(finished, now)).toList();
    Refinery current = stored;
    if (!recorded.isEmpty()) {
      // The outcome goes into the Refinery's history before it goes onto the Polecat: a crash in
      // between leaves the Polecat unmarked, the next reconcile records it again, and the history
      // keeps one entry per PipelineRun.
      RefineryStatus withHistory = RefineryStatusMapper.processing(stored, plan, recorded, List.of(), now);
      withHistory.setConditions(ApiErrors.cleared(withHistory.getConditions()));
      current = StatusPatch.write(context, stored, withHistory);
      plan.finished().forEach(finished -> markMerged(refinery, finished, context, now));
    }
    int parallelism = refinery.getSpec().getParallelism() == null ? 1 : refinery.getSpec().getParallelism();
    // Finished merges are recorded without the token; only new ones wait for it.
    Optional<String> noToken = tokenSecretProblem(refinery);
    List<PipelineRun> started = new ArrayList<>();
    for (MergeQueue.Item item : plan.queue()) {
      if (noToken.isPresent() || plan.running().size() + started.size() >= parallelism) {
        break;
      }
      started.add(start(refinery, item, context));
    }
    RefineryStatus status = RefineryStatusMapper.processing(current, plan, recorded, started, now);
    if (noToken.isPresent()) {
      status = RefineryStatusMapper.blocked(status, MergeReason.SecretNotFound, noToken.get(), now);
    }
    status.setConditions(ApiErrors.cleared(status.getConditions()));
    MergeRuns.Retention retention = MergeRuns.retention(plan, runs, runTtl, now);
    Optional<Duration> secretRecheck = noToken.map(problem -> secretRetryDelay);
    if (!status.equals(current.getStatus())) {
      // Runs are deleted only by a reconcile whose status is already written: the outcome stays readable.
      Optional<Duration> next = retention.expired().isEmpty() ? retention.next() : Optional.of(Duration.ZERO);
      return rescheduled(write(current, status, context),
          earliest(next.map(d -> d.compareTo(RECORDED_RECHECK) < 0 ? RECORDED_RECHECK : d), secretRecheck));
    }
    retention.expired().forEach(run -> delete(run, context));
    return rescheduled(UpdateControl.noUpdate(), earliest(retention.next().map(d -> d.isZero() ? RECORDED_RECHECK : d), secretRecheck));
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
  }

  /**
   * In pull-request mode, why no merge can start: the forge token Secret is missing or lacks its key. A
   * run without it would test the merge, push the head branch and only then fail.
   */
  private Optional<String> tokenSecretProblem(Refinery refinery) {
    if (refinery.getSpec().getMergeVia() != MergeVia.PULL_REQUEST) {
      return Optional.empty();
    }
    ForgeSettings forge = ForgeSettings.of(refinery.getSpec());
    String namespace = refinery.getMetadata().getNamespace();
    String name = forge.token().getName();
    Optional<Set<String>> keys = secrets.keys(namespace, name);
    if (keys.isEmpty()) {
      return Optional.of("Secret " + name + " (pullRequest.tokenSecretRef, the forge API token) not found in namespace "
          + namespace + "; merges start once it exists");
    }
    if (!keys.get().contains(forge.tokenKey())) {
      return Optional.of("Secret " + name + " (pullRequest.tokenSecretRef) has no key " + forge.tokenKey()
          + "; merges start once it is added");
    }
    return Optional.empty();
  }

  private static UpdateControl<Refinery> rescheduled(UpdateControl<Refinery> control, Optional<Duration> after) {
    return after.map(control::rescheduleAfter).orElse(control);
  }

  /** A finished run whose TTL ended: its TaskRuns, pods and workspace go with it (they are owned by it). */
  private static void delete(PipelineRun run, Context<Refinery> context) {
    try {
      context.getClient().resources(PipelineRun.class).inNamespace(run.getMetadata().getNamespace())
          .withName(run.getMetadata().getName()).delete();
    } catch (KubernetesClientException e) {
      log.warn("could not delete the finished merge PipelineRun {}/{}: {}", run.getMetadata().getNamespace(),
          run.getMetadata().getName(), e.getMessage());
    }
  }

  /**
   * The Refinery as it runs: its own gitRepository, gitSecretRef and pullRequest fields, else its
   * Rig's gitURL, and the SSH key and forge settings its Polecats inherit (the same repository, so
   * the same key and forge).
   */
  private static Refinery withRigDefaults(Refinery refinery, Optional<Rig> rig) {
    String own = refinery.getSpec().getGitRepository();
    boolean needsRepository = own == null || own.isEmpty();
    boolean needsKey = refinery.getSpec().getGitSecretRef() == null;
    var rigForge = rig.map(r -> r.getSpec().getPolecatDefaults()).map(d -> d.getPullRequest());
    boolean needsForge = refinery.getSpec().getMergeVia() == MergeVia.PULL_REQUEST && rigForge.isPresent();
    if (rig.isEmpty() || !(needsRepository || needsKey || needsForge)) {
      return refinery;
    }
    Refinery effective = Serialization.clone(refinery);
    if (needsRepository) {
      effective.getSpec().setGitRepository(rig.get().getSpec().getGitURL());
    }
    var defaults = rig.get().getSpec().getPolecatDefaults();
    if (needsKey && defaults != null && defaults.getKubernetes() != null) {
      effective.getSpec().setGitSecretRef(defaults.getKubernetes().getGitSecretRef());
    }
    if (needsForge) {
      effective.getSpec().setPullRequest(PolecatDefaults.pullRequest(effective.getSpec().getPullRequest(), rigForge.get(), null, null));
    }
    return effective;
  }

  /** The history entry of a finished merge. */
  private static MergeRecord record(MergeQueue.Finished finished, Instant now) {
    MergeOutcome outcome = finished.outcome();
    MergeRecord record = RefineryStatusMapper.record(finished.polecat(), finished.run());
    record.setOutcome(outcome.outcome());
    record.setMergedCommit(outcome.mergedCommit());
    record.setTestedCommit(outcome.testedCommit());
    if (outcome.testedCommit() != null) {
      record.setHeadBranch(MergePipelineRunBuilder.headBranch(PolecatDefaults.workBranch(finished.polecat().getSpec())));
    }
    record.setPullRequestURL(outcome.pullRequestURL());
    record.setPullRequestNumber(outcome.pullRequestNumber());
    record.setMessage(outcome.merged() ? null : outcome.message());
    record.setTime(Optional.ofNullable(finished.run().getStatus().getCompletionTime()).orElse(Timestamps.format(now)));
    return record;
  }

  /** Puts the outcome on the Polecat (its Merged condition), where it makes the merge final, and in an Event. */
  private void markMerged(Refinery refinery, MergeQueue.Finished finished, Context<Refinery> context, Instant now) {
    MergeOutcome outcome = finished.outcome();
    Polecat polecat = finished.polecat();
    String run = finished.run().getMetadata().getName();
    String message = outcome.merged()
        ? "Merged into " + target(refinery) + " as " + outcome.mergedCommit() + " by PipelineRun " + run
        : outcome.pullRequestOpen()
            ? "Not merged yet: awaiting the forge's merge of pull request " + Objects.toString(outcome.pullRequestURL(), "")
                + " into " + target(refinery) + " (the tested merge " + outcome.testedCommit() + " is on "
                + MergePipelineRunBuilder.headBranch(PolecatDefaults.workBranch(polecat.getSpec())) + "; "
                + (MergeOutcome.PULL_REQUEST_UPDATED.equals(outcome.outcome()) ? "updated" : "opened")
                + " by PipelineRun " + run + ")"
            : outcome.message() + " (PipelineRun " + run + ")";
    Condition merged = Conditions.set(List.of(), MergeQueue.MERGED_CONDITION, outcome.merged(), outcome.reason(), message, now)
        .get(0);
    if (outcome.pullRequestOpen()) {
      // Handed to the forge: out of the queue, but neither merged nor failed as far as the Refinery knows.
      merged.setStatus("Unknown");
    }
    // The Merged condition and mergedCommit are the Refinery's part of the Polecat's status: appended
    // and set by a JSON patch, so no other field, nor a condition the Polecat reconciler owns, is rewritten.
    List<Map<String, Object>> ops = new ArrayList<>();
    ops.add(Map.of("op", "add", "path", "/status/conditions/-", "value", merged));
    if (outcome.mergedCommit() != null) {
      ops.add(Map.of("op", "add", "path", "/status/mergedCommit", "value", outcome.mergedCommit()));
    }
    context.getClient().resources(Polecat.class).inNamespace(polecat.getMetadata().getNamespace())
        .withName(polecat.getMetadata().getName()).subresource("status")
        .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(ops));
    metrics.merged(refinery, finished.run(), outcome.outcome());
    events.record(refinery, outcome.merged() || outcome.pullRequestOpen() ? EventRecorder.Type.Normal : EventRecorder.Type.Warning,
        MergeReason.valueOf(outcome.reason()), polecat.getMetadata().getName() + ": " + message);
  }

  private PipelineRun start(Refinery refinery, MergeQueue.Item item, Context<Refinery> context) {
    PipelineRun desired = pipelineRuns.orElseThrow().build(refinery, item.polecat(), item.attempt());
    PipelineRun created = CreateOnly.createOrGet(context.getClient(), desired);
    MergeRuns.prune(created);
    runEvents.handleRecentResourceCreate(ResourceID.fromResource(created), created);
    return created;
  }

  private static String target(Refinery refinery) {
    return refinery.getSpec().getTargetBranch() == null ? "main" : refinery.getSpec().getTargetBranch();
  }

  /** The Refinery's status, written whole at the version it was read (it is its only writer). */
  private UpdateControl<Refinery> write(Refinery refinery, RefineryStatus status, Context<Refinery> context) {
    status.setConditions(ApiErrors.cleared(status.getConditions()));
    if (status.equals(refinery.getStatus())) {
      return UpdateControl.noUpdate();
    }
    warnOnNewProblem(refinery, status);
    StatusPatch.write(context, refinery, status);
    return UpdateControl.noUpdate();
  }

  /** A Warning Event when the Refinery stops merging for a new reason: its spec went bad, or another one holds the rig. */
  private void warnOnNewProblem(Refinery refinery, RefineryStatus status) {
    Optional<Condition> ready = Conditions.find(status.getConditions(), "Ready").filter(c -> "False".equals(c.getStatus()));
    if (ready.isEmpty()) {
      return;
    }
    Optional<String> before = Optional.ofNullable(refinery.getStatus())
        .flatMap(s -> Conditions.find(s.getConditions(), "Ready"))
        .filter(c -> "False".equals(c.getStatus()))
        .map(Condition::getReason);
    boolean enteredError = status.getPhase() == RefineryPhase.Error
        && (refinery.getStatus() == null || refinery.getStatus().getPhase() != RefineryPhase.Error);
    if (enteredError || !before.equals(Optional.of(ready.get().getReason()))) {
      events.record(refinery, EventRecorder.Type.Warning, MergeReason.valueOf(ready.get().getReason()),
          ready.get().getMessage());
    }
  }
}
