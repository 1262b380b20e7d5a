package io.gastown.operator.refinery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.knative.pkg.apis.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunResultBuilder;
import io.fabric8.tekton.v1.PipelineRunStatus;
import io.gastown.operator.Fixtures;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.OperatorConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergeQueueTest {

  private final MergePipelineRunBuilder runs = MergePipelineRunBuilder.bundled(OperatorConfig.DEFAULT_AGENT_IMAGE);
  private final Refinery refinery = refinery();
  private static final String REPOSITORY = "git@github.com:myorg/myrepo.git";

  @Test
  void donePushedPolecatsQueueInCompletionOrder() {
    Polecat late = done("late", "2026-01-20T00:30:00Z");
    Polecat early = done("early", "2026-01-20T00:10:00Z");
    Polecat middle = done("middle", "2026-01-20T00:20:00Z");

    MergeQueue.Plan plan = MergeQueue.plan(REPOSITORY, null, List.of(late, early, middle), List.of());
    assertEquals(List.of("early", "middle", "late"), plan.queue().stream().map(i -> i.polecat().getMetadata().getName()).toList());
    assertTrue(plan.queue().stream().allMatch(i -> i.attempt() == 1));
  }

  @Test
  void polecatsThatFailedPushedNothingOrAreStillWorkingAreNotQueued() {
    Polecat failed = done("failed", "2026-01-20T00:10:00Z");
    failed.getStatus().setPhase(PolecatPhase.Failed);
    Polecat unpushed = done("unpushed", "2026-01-20T00:10:00Z");
    unpushed.getStatus().setPushed(false);
    Polecat working = done("working", null);
    working.getStatus().setPhase(PolecatPhase.Working);

    MergeQueue.Plan plan = MergeQueue.plan(REPOSITORY, null, List.of(failed, unpushed, working), List.of());
    assertTrue(plan.queue().isEmpty());
    assertTrue(plan.eligible().isEmpty());
  }

  @Test
  void aRunningMergeKeepsItsPolecatOutOfTheQueueAndAFinishedOneIsToBeRecorded() {
    Polecat running = done("running", "2026-01-20T00:10:00Z");
    Polecat finished = done("finished", "2026-01-20T00:05:00Z");
    PipelineRun inFlight = runs.build(refinery, running, 1);
    PipelineRun done = finish(runs.build(refinery, finished, 1), "conflict");

    MergeQueue.Plan plan = MergeQueue.plan(REPOSITORY, null, List.of(running, finished), List.of(inFlight, done));
    assertEquals(List.of(inFlight), plan.running());
    assertEquals("conflict", plan.finished().get(0).outcome().outcome());
    assertTrue(plan.queue().isEmpty());
  }

  @Test
  void aRecordedOutcomeIsFinalSoNoPolecatIsMergedTwice() {
    Polecat merged = done("merged", "2026-01-20T00:10:00Z");
    merged.getStatus().setConditions(Conditions.set(merged.getStatus().getConditions(), MergeQueue.MERGED_CONDITION,
        true, "Merged", "Merged into main", Instant.EPOCH));

    MergeQueue.Plan plan = MergeQueue.plan(REPOSITORY, null, List.of(merged), List.of(finish(runs.build(refinery, merged, 1), "merged")));
    assertTrue(plan.queue().isEmpty() && plan.finished().isEmpty() && plan.running().isEmpty());
    assertEquals(1, plan.eligible().size());
  }

  @Test
  void aPushRejectedBecauseTheTargetMovedIsQueuedAgainUntilTheAttemptsRunOut() {
    Polecat racer = done("racer", "2026-01-20T00:10:00Z");

    MergeQueue.Plan retry = MergeQueue.plan(REPOSITORY, null, List.of(racer), List.of(finish(runs.build(refinery, racer, 1), "push-failed")));
    assertEquals(2, retry.queue().get(0).attempt());

    PipelineRun last = finish(runs.build(refinery, racer, MergeQueue.MAX_ATTEMPTS), "push-failed");
    MergeQueue.Plan givenUp = MergeQueue.plan(REPOSITORY, null, List.of(racer), List.of(last));
    assertTrue(givenUp.queue().isEmpty());
    assertEquals("PushFailed", givenUp.finished().get(0).outcome().reason());
  }

  @Test
  void runsOfADeletedPolecatWithTheSameNameDoNotCount() {
    Polecat old = done("reused", "2026-01-20T00:10:00Z");
    Polecat recreated = done("reused", "2026-01-20T01:10:00Z");
    recreated.getMetadata().setUid("another-uid");

    MergeQueue.Plan plan = MergeQueue.plan(REPOSITORY, null, List.of(recreated), List.of(finish(runs.build(refinery, old, 1), "merged")));
    assertEquals(1, plan.queue().size());
  }

  @Test
  void onlyPolecatsOfTheRefinerysRepositoryAreMerged() {
    Polecat ours = done("ours", "2026-01-20T00:10:00Z");
    Polecat sameWrittenOtherwise = done("alike", "2026-01-20T00:11:00Z");
    sameWrittenOtherwise.getSpec().getKubernetes().setGitRepository("git@github.com:myorg/myrepo");
    Polecat theirs = done("theirs", "2026-01-20T00:12:00Z");
    theirs.getSpec().getKubernetes().setGitRepository("git@github.com:someone/else.git");

    MergeQueue.Plan plan = MergeQueue.plan(REPOSITORY, null, List.of(ours, sameWrittenOtherwise, theirs), List.of());

    assertEquals(List.of("ours", "alike"), plan.queue().stream().map(i -> i.polecat().getMetadata().getName()).toList());
  }

  @Test
  void theMergeIsOfTheBranchTheSpecDeterminesAtTheCommitTheStatusReports() {
    Polecat polecat = done("liar", "2026-01-20T00:10:00Z");
    polecat.getStatus().setBranch("main");

    var params = runs.build(refinery, polecat, 1).getSpec().getParams().stream()
        .collect(java.util.stream.Collectors.toMap(p -> p.getName(), p -> p.getValue().getStringVal()));

    assertEquals("feature/bead-liar", params.get("source-branch"), "the branch the Polecat's spec determines");
    assertEquals("3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d", params.get("source-commit"));
  }

  static Refinery refinery() {
    Refinery refinery = Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class);
    refinery.getMetadata().setUid("refinery-uid");
    return refinery;
  }

  static Polecat done(String name, String completionTime) {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getMetadata().setName(name);
    polecat.getMetadata().setUid("uid-" + name);
    polecat.getSpec().setBeadID("bead-" + name);
    PolecatStatus status = new PolecatStatus();
    status.setPhase(PolecatPhase.Done);
    status.setPushed(true);
    status.setBranch("feature/bead-" + name);
    status.setCommit("3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d");
    status.setCompletionTime(completionTime);
    polecat.setStatus(status);
    return polecat;
  }

  static PipelineRun finish(PipelineRun run, String outcome) {
    PipelineRunStatus status = new PipelineRunStatus();
    status.setConditions(List.of(new ConditionBuilder().withType("Succeeded").withStatus("True").withReason("Succeeded").build()));
    status.setResults(List.of(new PipelineRunResultBuilder().withName("outcome").withValue(new ParamValue(outcome)).build()));
    run.setStatus(status);
    return run;
  }
}
