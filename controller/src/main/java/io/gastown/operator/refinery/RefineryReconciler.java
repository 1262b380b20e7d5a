package io.gastown.operator.refinery;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.PipelineRun;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.refinery.MergeReason;
import io.gastown.operator.api.refinery.MergeRecord;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.refinery.RefineryStatus;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.CreateOnly;
import io.gastown.operator.common.EventRecorder;
import io.gastown.operator.common.Labels;
import io.gastown.operator.common.PolecatWatch;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Merges the finished branches of a rig, one PipelineRun each: records finished merges on their
 * Polecats, then starts the next queued ones up to {@code parallelism}, then reports the queue.
 * Woken by Polecats of the rig reaching Done and by its PipelineRuns finishing.
 */
public class RefineryReconciler implements Reconciler<Refinery> {

  static final int HISTORY_LIMIT = 20;

  /** Empty where the cluster serves no Tekton PipelineRuns: every Refinery then reports why it cannot work. */
  private final Optional<MergePipelineRunBuilder> pipelineRuns;
  private final EventRecorder events;
  private final Clock clock;
  private final PolecatWatch polecats;
  private InformerEventSource<PipelineRun, Refinery> runEvents;

  public RefineryReconciler(Optional<MergePipelineRunBuilder> pipelineRuns, PolecatWatch polecats, EventRecorder events,
      Clock clock) {
    this.pipelineRuns = pipelineRuns;
    this.polecats = polecats;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Refinery>> prepareEventSources(EventSourceContext<Refinery> context) {
    if (pipelineRuns.isEmpty()) {
      return List.of();
    }
    var primaries = context.getPrimaryCache();
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
        .build();
    var rigs = InformerEventSourceConfiguration.from(Rig.class, Refinery.class)
        .withName("refinery-rigs")
        .withWatchAllNamespaces()
        .withPrimaryToSecondaryMapper((Refinery r) -> r.getSpec().getRigRef() == null ? Set.of() : Set.of(new ResourceID(r.getSpec().getRigRef())))
        .withSecondaryToPrimaryMapper(rig -> primaries.list(r -> rig.getMetadata().getName().equals(r.getSpec().getRigRef()))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build();
    runEvents = new InformerEventSource<>(runs, context);
    return List.of(members, runEvents, new InformerEventSource<>(rigs, context));
  }

  @Override
  public UpdateControl<Refinery> reconcile(Refinery stored, Context<Refinery> context) {
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
      return write(stored, RefineryStatusMapper.invalid(stored, invalid.get(), now));
    }
    List<Polecat> rigPolecats = polecats.ofRig(refinery.getMetadata().getNamespace(), refinery.getSpec().getRigRef()).toList();
    Set<PipelineRun> runs = context.getSecondaryResources(PipelineRun.class);
    MergeQueue.Plan plan = MergeQueue.plan(refinery.getSpec().getGitRepository(), rigGitURL, rigPolecats, runs);

    List<MergeRecord> recorded = new ArrayList<>();
    for (MergeQueue.Finished finished : plan.finished()) {
      recorded.add(record(refinery, finished, context, now));
    }
    int parallelism = refinery.getSpec().getParallelism() == null ? 1 : refinery.getSpec().getParallelism();
    List<PipelineRun> started = new ArrayList<>();
    for (MergeQueue.Item item : plan.queue()) {
      if (plan.running().size() + started.size() >= parallelism) {
        break;
      }
      started.add(start(refinery, item, context));
    }
    return write(stored, RefineryStatusMapper.processing(stored, plan, recorded, started, now));
  }

  /**
   * The Refinery as it runs: its own gitRepository and gitSecretRef, else its Rig's gitURL and the
   * SSH key its Polecats inherit (the same repository, so the same key).
   */
  private static Refinery withRigDefaults(Refinery refinery, Optional<Rig> rig) {
    String own = refinery.getSpec().getGitRepository();
    boolean needsRepository = own == null || own.isEmpty();
    boolean needsKey = refinery.getSpec().getGitSecretRef() == null;
    if (rig.isEmpty() || !(needsRepository || needsKey)) {
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
    return effective;
  }

  /** Puts the outcome on the Polecat (its Merged condition), where it makes the merge final. */
  private MergeRecord record(Refinery refinery, MergeQueue.Finished finished, Context<Refinery> context, Instant now) {
    MergeOutcome outcome = finished.outcome();
    Polecat polecat = finished.polecat();
    String message = outcome.merged()
        ? "Merged into " + target(refinery) + " as " + outcome.mergedCommit() + " by PipelineRun " + finished.run().getMetadata().getName()
        : outcome.message() + " (PipelineRun " + finished.run().getMetadata().getName() + ")";
    Condition merged = Conditions.set(List.of(), MergeQueue.MERGED_CONDITION, outcome.merged(), outcome.reason(), message, now)
        .get(0);
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
    events.record(refinery, outcome.merged() ? EventRecorder.Type.Normal : EventRecorder.Type.Warning,
        MergeReason.valueOf(outcome.reason()), polecat.getMetadata().getName() + ": " + message);
    MergeRecord record = RefineryStatusMapper.record(polecat, finished.run());
    record.setOutcome(outcome.outcome());
    record.setMergedCommit(outcome.mergedCommit());
    record.setMessage(outcome.merged() ? null : outcome.message());
    record.setTime(Optional.ofNullable(finished.run().getStatus().getCompletionTime()).orElse(Timestamps.format(now)));
    return record;
  }

  private PipelineRun start(Refinery refinery, MergeQueue.Item item, Context<Refinery> context) {
    PipelineRun desired = pipelineRuns.orElseThrow().build(refinery, item.polecat(), item.attempt());
    PipelineRun created = CreateOnly.createOrGet(context.getClient(), desired);
    runEvents.handleRecentResourceCreate(ResourceID.fromResource(created), created);
    return created;
  }

  private static String target(Refinery refinery) {
    return refinery.getSpec().getTargetBranch() == null ? "main" : refinery.getSpec().getTargetBranch();
  }

  private static UpdateControl<Refinery> write(Refinery refinery, RefineryStatus status) {
    if (status.equals(refinery.getStatus())) {
      return UpdateControl.noUpdate();
    }
    refinery.setStatus(status);
    return UpdateControl.patchStatus(refinery);
  }
}
