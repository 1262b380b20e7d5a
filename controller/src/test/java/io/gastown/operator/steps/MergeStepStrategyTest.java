package io.gastown.operator.steps;

import static io.gastown.operator.steps.RefineryWorkspace.commits;
import static io.gastown.operator.steps.RefineryWorkspace.contains;
import static io.gastown.operator.steps.RefineryWorkspace.parents;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gastown-merge Task's step after the real git-clone step, one test per strategy, against a local origin. */
class MergeStepStrategyTest {

  private static final String SOURCE = "feature/gt-1";
  private static final String DESCRIPTION = "polecat my-worker, bead gt-1";

  @TempDir
  Path tmp;

  private Origin origin;
  private String sourceHead;
  private String targetBefore;

  /** main has moved on since the Polecat branched: the source is two commits on the old main. */
  @BeforeEach
  void polecatPushedItsBranchAndMainMovedOn() {
    origin = Origin.withHistory(tmp);
    origin.commit(SOURCE, "NOTES.md", "notes\n", "Add notes");
    sourceHead = origin.commit(SOURCE, "src/feature.txt", "feature\n", "Add feature");
    targetBefore = origin.commit("main", "CHANGELOG.md", "changes\n", "Add changelog");
  }

  private StepRun merge(String strategy) {
    return RefineryWorkspace.cloned(tmp, origin, "main").mergeStep(SOURCE)
        .param("strategy", strategy)
        .param("source-description", DESCRIPTION)
        .run();
  }

  @Test
  void mergeMakesAMergeCommitOnTheTargetNamingTheSourceAndLeavesTheSourceAlone() {
    StepRun run = merge("merge");

    String head = origin.head("main");
    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("merged", run.result("outcome")),
        () -> assertEquals(head, run.result("merged-commit")),
        () -> assertEquals(java.util.List.of(targetBefore, sourceHead), parents(origin, head)),
        () -> assertTrue(origin.message("main").contains("Merge branch '" + SOURCE + "' into main")),
        () -> assertTrue(origin.message("main").contains(DESCRIPTION)),
        () -> assertEquals("Gas Town Refinery", origin.author("main")),
        () -> assertEquals("feature\n", origin.file("main", "src/feature.txt") + "\n"),
        () -> assertEquals("changes", origin.file("main", "CHANGELOG.md")),
        () -> assertEquals(sourceHead, origin.head(SOURCE)),
        () -> assertTrue(run.result("summary").contains(head)));
  }

  @Test
  void rebaseReplaysTheSourceOntoTheTargetInALinearHistory() {
    StepRun run = merge("rebase");

    String head = origin.head("main");
    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("merged", run.result("outcome")),
        () -> assertEquals(head, run.result("merged-commit")),
        () -> assertEquals(2, commits(origin, targetBefore + "..main").size()),
        () -> assertEquals(java.util.List.of(), commits(origin, "--merges", "main")),
        () -> assertEquals(targetBefore, origin.parent("main^")),
        () -> assertEquals("Add feature", origin.message("main")),
        () -> assertEquals("Test Fixture", origin.author("main")),
        () -> assertEquals("feature", origin.file("main", "src/feature.txt")),
        () -> assertEquals(sourceHead, origin.head(SOURCE)));
  }

  @Test
  void squashAddsExactlyOneCommitNamingTheSource() {
    StepRun run = merge("squash");

    String head = origin.head("main");
    String message = origin.message("main");
    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("merged", run.result("outcome")),
        () -> assertEquals(head, run.result("merged-commit")),
        () -> assertEquals(java.util.List.of(head), commits(origin, targetBefore + "..main")),
        () -> assertEquals(java.util.List.of(targetBefore), parents(origin, head)),
        () -> assertTrue(message.contains("Squash branch '" + SOURCE + "' into main"), message),
        () -> assertTrue(message.contains(DESCRIPTION), message),
        () -> assertTrue(message.contains("* Add notes\n* Add feature"), message),
        () -> assertEquals("Gas Town Refinery", origin.author("main")),
        () -> assertEquals("notes", origin.file("main", "NOTES.md")),
        () -> assertEquals("feature", origin.file("main", "src/feature.txt")),
        () -> assertFalse(contains(origin, "main", sourceHead)),
        () -> assertEquals(sourceHead, origin.head(SOURCE)));
  }

  @Test
  void mergesOntoTheTargetAsItIsWhenTheStepStartsNotAsItWasCloned() {
    RefineryWorkspace workspace = RefineryWorkspace.cloned(tmp, origin, "main");
    String movedAfterClone = origin.commit("main", "OTHER.md", "other\n", "Another merge landed");

    StepRun run = workspace.mergeStep(SOURCE).run();

    assertAll(run::toString,
        () -> assertEquals("merged", run.result("outcome")),
        () -> assertEquals(java.util.List.of(movedAfterClone, sourceHead), parents(origin, origin.head("main"))));
  }

  @Test
  void aSourceTheTargetAlreadyContainsIsMergedWithoutANewCommit() {
    assertEquals("merged", merge("merge").result("outcome"));
    String head = origin.head("main");

    StepRun again = merge("merge");

    assertAll(again::toString,
        () -> assertEquals(0, again.exitCode()),
        () -> assertEquals("merged", again.result("outcome")),
        () -> assertEquals(head, again.result("merged-commit")),
        () -> assertEquals(head, origin.head("main")),
        () -> assertTrue(again.result("summary").contains("nothing to merge")));
  }

  @Test
  void mergesIntoAnotherTargetBranch() {
    String releaseBefore = origin.commit("release-1", "RELEASE.md", "1\n", "Release branch");

    StepRun run = RefineryWorkspace.cloned(tmp, origin, "release-1").mergeStep(SOURCE).run();

    assertAll(run::toString,
        () -> assertEquals("merged", run.result("outcome")),
        () -> assertEquals(origin.head("release-1"), run.result("merged-commit")),
        () -> assertEquals(java.util.List.of(releaseBefore, sourceHead), parents(origin, origin.head("release-1"))),
        () -> assertEquals(targetBefore, origin.head("main")));
  }
}
