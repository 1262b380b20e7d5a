package io.gastown.operator.refinery;

import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunSpec;
import io.fabric8.tekton.v1.PipelineRunStatus;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.common.Timestamps;
import io.gastown.operator.tekton.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the Refinery keeps of its merge PipelineRuns: in its cache only what it reads, and in the
 * cluster a finished run until its TTL has passed, counted from its completion. A run is deleted
 * only once its outcome is on its Polecat (or its Polecat is gone): until then it is the queue's
 * memory of that merge. Pure.
 */
final class MergeRuns {

  static final String SOURCE_BRANCH = "source-branch";

  /** Finished runs to delete now, and how long until the next one's TTL ends. */
  record Retention(List<PipelineRun> expired, Optional<Duration> next) {}

  private MergeRuns() {}

  /**
   * Drops the embedded pipeline (spec and Tekton's copy in the status), the child TaskRuns and every
   * other field the Refinery never reads: a merge run is some 20 KB, its cached copy a few hundred bytes.
   */
  static void prune(PipelineRun run) {
    run.getMetadata().setManagedFields(null);
    PipelineRunSpec spec = new PipelineRunSpec();
    if (run.getSpec() != null && run.getSpec().getParams() != null) {
      spec.setParams(new ArrayList<>(run.getSpec().getParams().stream()
          .filter(p -> SOURCE_BRANCH.equals(p.getName())).toList()));
    }
    run.setSpec(spec);
    PipelineRunStatus full = run.getStatus();
    if (full != null) {
      PipelineRunStatus kept = new PipelineRunStatus();
      kept.setConditions(full.getConditions());
      kept.setResults(full.getResults());
      kept.setStartTime(full.getStartTime());
      kept.setCompletionTime(full.getCompletionTime());
      run.setStatus(kept);
    }
  }

  /**
   * @param plan the queue as this reconcile sees it: runs whose outcome it records now, or whose
   *     Polecat waits for another attempt, are kept
   */
  static Retention retention(MergeQueue.Plan plan, Collection<PipelineRun> runs, Duration ttl, Instant now) {
    List<Polecat> waiting = plan.eligible().stream().filter(p -> !MergeQueue.outcomeRecorded(p)).toList();
    List<PipelineRun> expired = new ArrayList<>();
    List<Duration> left = new ArrayList<>();
    for (PipelineRun run : runs) {
      if (MergeOutcome.of(run).isEmpty()) {
        continue;
      }
      Duration remaining = Duration.between(now, finishedAt(run).plus(ttl));
      boolean recordedNow = plan.finished().stream().anyMatch(f -> sameRun(f.run(), run));
      if (recordedNow) {
        left.add(remaining);
      } else if (waiting.stream().noneMatch(p -> MergeQueue.isFor(run, p))) {
        if (remaining.isNegative() || remaining.isZero()) {
          expired.add(run);
        } else {
          left.add(remaining);
        }
      }
    }
    return new Retention(expired, left.stream().map(d -> d.isNegative() ? Duration.ZERO : d).min(Duration::compareTo));
  }

  private static Instant finishedAt(PipelineRun run) {
    String completed = run.getStatus() == null ? null : run.getStatus().getCompletionTime();
    String transition = RunStatus.succeeded(run).map(c -> c.getLastTransitionTime()).orElse(null);
    return Stream.of(completed, transition, run.getMetadata().getCreationTimestamp())
        .filter(Objects::nonNull).findFirst().map(Timestamps::parse).orElse(Instant.EPOCH);
  }

  private static boolean sameRun(PipelineRun a, PipelineRun b) {
    return a.getMetadata().getName().equals(b.getMetadata().getName());
  }
}
