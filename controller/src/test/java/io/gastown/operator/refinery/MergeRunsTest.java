package io.gastown.operator.refinery;

import static io.gastown.operator.refinery.MergeQueueTest.done;
import static io.gastown.operator.refinery.MergeQueueTest.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.ChildStatusReferenceBuilder;
import io.fabric8.tekton.v1.PipelineRun;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.Labels;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.common.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MergeRunsTest {

  private static final String REPOSITORY = "git@github.com:myorg/myrepo.git";
  private static final Duration TTL = Duration.ofHours(1);
  private static final Instant NOW = Instant.parse("2026-01-20T12:00:00Z");

  private final MergePipelineRunBuilder runs = MergePipelineRunBuilder.bundled(OperatorConfig.DEFAULT_AGENT_IMAGE);

  @Test
  void theCachedRunKeepsWhatTheRefineryReadsAndDropsTheEmbeddedPipelineAndTaskRunDetails() {
    PipelineRun run = finish(runs.build(MergeQueueTest.refinery(), done("big", "2026-01-20T00:10:00Z"), 1), "merged");
    run.getStatus().setPipelineSpec(run.getSpec().getPipelineSpec());
    run.getStatus().setChildReferences(List.of(new ChildStatusReferenceBuilder().withKind("TaskRun")
        .withName("refinery-my-refinery-big-merge").withPipelineTaskName("merge").build()));
    run.getStatus().setCompletionTime("2026-01-20T01:02:00Z");
    String full = Serialization.asJson(run);
    Optional<MergeOutcome> outcome = MergeOutcome.of(run);

    MergeRuns.prune(run);

    assertNull(run.getSpec().getPipelineSpec());
    assertNull(run.getStatus().getPipelineSpec(), "Tekton's copy of the pipeline");
    assertTrue(run.getStatus().getChildReferences().isEmpty());
    assertEquals(outcome, MergeOutcome.of(run));
    assertEquals("2026-01-20T01:02:00Z", run.getStatus().getCompletionTime());
    assertEquals("feature/bead-big", run.getSpec().getParams().get(0).getValue().getStringVal());
    assertEquals(1, run.getSpec().getParams().size());
    assertEquals("big", run.getMetadata().getLabels().get(Labels.POLECAT));
    assertEquals("my-refinery", run.getMetadata().getOwnerReferences().get(0).getName());
    String pruned = Serialization.asJson(run);
    assertTrue(full.length() > 10_000 && pruned.length() < full.length() / 10, full.length() + " -> " + pruned.length());
  }

  @Test
  void aRunIsDeletedOnceItsPolecatHoldsTheOutcomeAndItsTtlHasPassed() {
    Polecat old = recorded(done("old", "2026-01-20T00:10:00Z"));
    Polecat recent = recorded(done("recent", "2026-01-20T00:20:00Z"));
    PipelineRun oldRun = finishedAt(old, NOW.minus(TTL).minusSeconds(1));
    PipelineRun recentRun = finishedAt(recent, NOW.minus(Duration.ofMinutes(20)));

    MergeRuns.Retention retention = retain(List.of(old, recent), List.of(oldRun, recentRun));

    assertEquals(List.of(oldRun), retention.expired());
    assertEquals(Optional.of(Duration.ofMinutes(40)), retention.next(), "back when the recent one expires");
  }

  @Test
  void aRunWhoseOutcomeIsStillToBeRecordedIsKeptAndComesBackAtItsTtl() {
    Polecat polecat = done("unrecorded", "2026-01-20T00:10:00Z");
    PipelineRun run = finishedAt(polecat, NOW.minus(Duration.ofHours(3)));

    MergeRuns.Retention retention = retain(List.of(polecat), List.of(run));

    assertTrue(retention.expired().isEmpty());
    assertEquals(Optional.of(Duration.ZERO), retention.next());
  }

  @Test
  void aRejectedPushWaitingForItsNextAttemptKeepsItsRunSoTheAttemptsAreStillCounted() {
    Polecat racer = done("racer", "2026-01-20T00:10:00Z");
    PipelineRun first = finish(runs.build(MergeQueueTest.refinery(), racer, 1), "push-failed");
    first.getStatus().setCompletionTime(Timestamps.format(NOW.minus(Duration.ofHours(3))));

    MergeRuns.Retention retention = retain(List.of(racer), List.of(first));

    assertTrue(retention.expired().isEmpty());
  }

  @Test
  void runsOfAPolecatThatIsGoneAreDeletedAfterTheirTtl() {
    PipelineRun orphan = finishedAt(done("gone", "2026-01-20T00:10:00Z"), NOW.minus(Duration.ofHours(2)));

    assertEquals(List.of(orphan), retain(List.of(), List.of(orphan)).expired());
  }

  @Test
  void aRunningMergeIsNeverDeleted() {
    Polecat polecat = recorded(done("busy", "2026-01-20T00:10:00Z"));
    PipelineRun running = runs.build(MergeQueueTest.refinery(), polecat, 1);
    running.getMetadata().setCreationTimestamp("2026-01-19T00:00:00Z");

    MergeRuns.Retention retention = retain(List.of(polecat), List.of(running));
    assertTrue(retention.expired().isEmpty());
    assertEquals(Optional.empty(), retention.next());
  }

  private static MergeRuns.Retention retain(List<Polecat> polecats, List<PipelineRun> runs) {
    return MergeRuns.retention(MergeQueue.plan(REPOSITORY, null, polecats, runs), runs, TTL, NOW);
  }

  private PipelineRun finishedAt(Polecat polecat, Instant completed) {
    PipelineRun run = finish(runs.build(MergeQueueTest.refinery(), polecat, 1), "merged");
    run.getStatus().setCompletionTime(Timestamps.format(completed));
    return run;
  }

  private static Polecat recorded(Polecat polecat) {
    polecat.getStatus().setConditions(Conditions.set(polecat.getStatus().getConditions(), MergeQueue.MERGED_CONDITION,
        true, "Merged", "Merged into main", Instant.EPOCH));
    return polecat;
  }
}
