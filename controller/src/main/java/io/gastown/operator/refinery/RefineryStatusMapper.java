package io.gastown.operator.refinery;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.PipelineRun;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.refinery.MergeReason;
import io.gastown.operator.api.refinery.MergeRecord;
import io.gastown.operator.api.refinery.MergeVia;
import io.gastown.operator.api.refinery.MergesSummary;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.refinery.RefineryPhase;
import io.gastown.operator.api.refinery.RefineryStatus;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What a Refinery's status says, from the merge queue's plan. Pure. */
final class RefineryStatusMapper {

  private RefineryStatusMapper() {}

  static RefineryStatus invalid(Refinery refinery, String message, Instant now) {
    RefineryStatus status = base(refinery);
    status.setPhase(RefineryPhase.Error);
    status.setConditions(Conditions.set(status.getConditions(), "Ready", false, MergeReason.InvalidSpec.name(), message, now));
    return status;
  }

  /** Another Refinery merges this one's rig into the same branch: nothing is queued or merged here. */
  static RefineryStatus standingBy(Refinery refinery, Refinery winner, Instant now) {
    RefineryStatus status = base(refinery);
    status.setPhase(RefineryPhase.Idle);
    status.setQueueLength(0);
    status.setCurrentMerge(null);
    status.setConditions(Conditions.set(status.getConditions(), "Ready", false, MergeReason.DuplicateRefinery.name(),
        "Refinery " + winner.getMetadata().getName() + " already merges rig " + refinery.getSpec().getRigRef() + " into "
            + target(refinery) + " in this namespace (it is older); this one merges nothing until that one is deleted"
            + " or changed", now));
    return status;
  }

  static RefineryStatus processing(Refinery refinery, MergeQueue.Plan plan, List<MergeRecord> recorded,
      List<PipelineRun> started, Instant now) {
    RefineryStatus status = base(refinery);
    List<MergeRecord> history = new ArrayList<>(status.getHistory() == null ? List.of() : status.getHistory());
    recorded.stream()
        .filter(r -> history.stream().noneMatch(h -> Objects.equals(h.getPipelineRun(), r.getPipelineRun())))
        .forEach(history::add);
    status.setHistory(List.copyOf(history.subList(Math.max(0, history.size() - RefineryReconciler.HISTORY_LIMIT), history.size())));
    history.stream()
        .filter(r -> MergeOutcome.MERGED.equals(r.getOutcome()))
        .map(MergeRecord::getTime)
        .filter(Objects::nonNull)
        .max(String::compareTo)
        .ifPresent(status::setLastMergeTime);

    List<PipelineRun> running = new ArrayList<>(plan.running());
    running.addAll(started);
    status.setCurrentMerge(running.isEmpty() ? null : current(running.get(0)));
    int queued = plan.queue().size() - started.size();
    status.setQueueLength(queued);

    int succeeded = 0;
    int failed = 0;
    int pullRequests = 0;
    for (Polecat polecat : plan.eligible()) {
      var merged = MergeQueue.mergedCondition(polecat);
      if (merged.isPresent()) {
        switch (merged.get().getStatus()) {
          case "True" -> succeeded++;
          case "Unknown" -> pullRequests++;
          default -> failed++;
        }
      }
    }
    for (MergeRecord r : recorded) {
      if (MergeOutcome.MERGED.equals(r.getOutcome())) {
        succeeded++;
      } else if (MergeOutcome.PULL_REQUEST_OPENED.equals(r.getOutcome()) || MergeOutcome.PULL_REQUEST_UPDATED.equals(r.getOutcome())) {
        pullRequests++;
      } else {
        failed++;
      }
    }
    int total = plan.eligible().size();
    status.setMergesSummary(new MergesSummary(total, succeeded, failed, total - succeeded - failed - pullRequests, pullRequests));
    status.setPhase(running.isEmpty() && queued == 0 ? RefineryPhase.Idle : RefineryPhase.Processing);
    status.setConditions(Conditions.set(status.getConditions(), "Ready", true, "Ready",
        (refinery.getSpec().getMergeVia() == MergeVia.PULL_REQUEST ? "Opening pull requests with the tested merges of"
            + " finished Polecats of rig " : "Merging finished Polecats of rig ")
            + refinery.getSpec().getRigRef() + " into " + target(refinery), now));
    return status;
  }

  /** Merges are recorded but none starts, for {@code reason}: the Refinery is in Error until that is fixed. */
  static RefineryStatus blocked(RefineryStatus processing, MergeReason reason, String message, Instant now) {
    RefineryStatus status = Serialization.clone(processing);
    status.setPhase(RefineryPhase.Error);
    status.setConditions(Conditions.set(status.getConditions(), "Ready", false, reason.name(), message, now));
    return status;
  }

  static MergeRecord record(Polecat polecat, PipelineRun run) {
    MergeRecord record = new MergeRecord();
    record.setPolecat(polecat.getMetadata().getName());
    record.setBranch(polecat.getStatus().getBranch());
    record.setPipelineRun(run.getMetadata().getName());
    return record;
  }

  private static MergeRecord current(PipelineRun run) {
    MergeRecord record = new MergeRecord();
    record.setPolecat(run.getMetadata().getLabels().get(Labels.POLECAT));
    record.setPipelineRun(run.getMetadata().getName());
    run.getSpec().getParams().stream()
        .filter(p -> "source-branch".equals(p.getName()))
        .findFirst()
        .ifPresent(p -> record.setBranch(p.getValue().getStringVal()));
    String started = run.getStatus() != null && run.getStatus().getStartTime() != null
        ? run.getStatus().getStartTime() : run.getMetadata().getCreationTimestamp();
    record.setTime(started);
    return record;
  }

  private static String target(Refinery refinery) {
    return refinery.getSpec().getTargetBranch() == null ? "main" : refinery.getSpec().getTargetBranch();
  }

  private static RefineryStatus base(Refinery refinery) {
    RefineryStatus status = refinery.getStatus() == null ? new RefineryStatus() : Serialization.clone(refinery.getStatus());
    status.setObservedGeneration(refinery.getMetadata().getGeneration());
    return status;
  }

}
