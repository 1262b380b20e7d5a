package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gastown-merge step when the merge must not land: conflicts, failing tests, a target that moved
 * on origin, a refused push. Every outcome writes all results, fails the step and pushes nothing.
 */
class MergeStepFailureTest {

  private static final String SOURCE = "feature/gt-2";

  @TempDir
  Path tmp;

  private Origin origin;
  private String sourceHead;
  private String targetBefore;

  @BeforeEach
  void polecatPushedItsBranch() {
    origin = Origin.withHistory(tmp);
    sourceHead = origin.commit(SOURCE, "NOTES.md", "notes\n", "Add notes");
    targetBefore = origin.head("main");
  }

  private RefineryWorkspace.MergeChain mergeStep() {
    return RefineryWorkspace.cloned(tmp, origin, "main").mergeStep(SOURCE);
  }

  private void assertNothingPushed(StepRun run) {
    assertAll(run::toString,
        // The step fails only when it could not attempt the merge; other outcomes reach the PipelineRun as results.
        () -> assertEquals("failed".equals(run.result("outcome")) ? 1 : 0, run.exitCode()),
        () -> assertEquals("", run.result("merged-commit")),
        () -> assertEquals(targetBefore, origin.head("main")),
        () -> assertEquals(sourceHead, origin.head(SOURCE)));
  }

  @Test
  void aSourceBranchNotAtTheCommitItsPolecatReportedIsNotMerged() {
    String reported = sourceHead;
    sourceHead = origin.commit(SOURCE, "EXTRA.md", "pushed after the Polecat reported\n", "Sneak in");

    StepRun run = mergeStep().param("source-commit", reported).run();

    assertNothingPushed(run);
    assertAll(run::toString,
        () -> assertEquals("source-moved", run.result("outcome")),
        () -> assertTrue(run.result("summary").contains(reported), run.result("summary")));
  }

  @Test
  void theSourceBranchAtTheReportedCommitIsMerged() {
    StepRun run = mergeStep().param("source-commit", sourceHead).run();

    assertAll(run::toString,
        () -> assertEquals("merged", run.result("outcome")),
        () -> assertEquals(origin.head("main"), run.result("merged-commit")),
        () -> assertTrue(RefineryWorkspace.contains(origin, "main", sourceHead)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"merge", "rebase", "squash"})
  void conflictNamesTheConflictingFilesAndPushesNothing(String strategy) {
    sourceHead = origin.commit(SOURCE, "src/app.txt", "version 2 from the polecat\n", "Bump to 2");
    targetBefore = origin.commit("main", "src/app.txt", "version 3 from someone else\n", "Bump to 3");

    StepRun run = mergeStep().param("strategy", strategy).run();

    assertNothingPushed(run);
    assertAll(run::toString,
        () -> assertEquals("conflict", run.result("outcome")),
        () -> assertTrue(run.result("summary").contains("src/app.txt"), run.result("summary")),
        () -> assertFalse(run.result("summary").contains("NOTES.md"), run.result("summary")));
  }

  @Test
  void failingTestCommandNamesTheCommandAndItsExitCodeAndPushesNothing() {
    StepRun run = mergeStep().param("test-command", "echo running the tests; exit 3").run();

    assertNothingPushed(run);
    assertAll(run::toString,
        () -> assertEquals("tests-failed", run.result("outcome")),
        () -> assertTrue(run.result("summary").contains("echo running the tests; exit 3"), run.result("summary")),
        () -> assertTrue(run.result("summary").contains("code 3"), run.result("summary")),
        () -> assertTrue(run.stdout().contains("running the tests")));
  }

  @Test
  void testCommandRunsInTheMergedRepository() {
    StepRun run = mergeStep().param("test-command", "test -f NOTES.md && test -f src/app.txt").run();

    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("merged", run.result("outcome")),
        () -> assertEquals(origin.head("main"), run.result("merged-commit")));
  }

  /** Another writer pushes to the target after the step fetched it (here: while the tests run). */
  @Test
  void targetThatMovedOnOriginDuringTheMergeFailsThePushAndKeepsTheOtherWritersCommit() {
    Path other = tmp.resolve("other-writer");
    Git.run(tmp, "clone", "--quiet", origin.url(), other.toString());
    Git.run(other, "commit", "--quiet", "--allow-empty", "-m", "Landed by someone else");
    String othersHead = Git.run(other, "rev-parse", "HEAD");

    StepRun run = mergeStep().param("test-command", "git -C '" + other + "' push --quiet origin HEAD:refs/heads/main").run();

    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("push-failed", run.result("outcome")),
        () -> assertTrue(run.result("summary").contains("main moved on origin"), run.result("summary")),
        () -> assertEquals("", run.result("merged-commit")),
        () -> assertEquals(othersHead, origin.head("main")),
        () -> assertEquals(sourceHead, origin.head(SOURCE)));
  }

  @Test
  void pushRefusedByOriginGivesTheReason() {
    origin.rejectPushes("main is protected");

    StepRun run = mergeStep().run();

    assertNothingPushed(run);
    assertAll(run::toString,
        () -> assertEquals("push-failed", run.result("outcome")),
        () -> assertTrue(run.result("summary").contains("main is protected"), run.result("summary")));
  }

  @Test
  void missingSourceBranchFailsWithoutMerging() {
    StepRun run = RefineryWorkspace.cloned(tmp, origin, "main").mergeStep("feature/never-pushed").run();

    assertNothingPushed(run);
    assertAll(run::toString,
        () -> assertEquals("failed", run.result("outcome")),
        () -> assertTrue(run.result("summary").contains("Could not fetch feature/never-pushed"), run.result("summary")));
  }

  @Test
  void unknownStrategyFailsWithoutMerging() {
    StepRun run = mergeStep().param("strategy", "octopus").run();

    assertNothingPushed(run);
    assertAll(run::toString,
        () -> assertEquals("failed", run.result("outcome")),
        () -> assertTrue(run.result("summary").contains("Unknown strategy 'octopus'"), run.result("summary")));
  }
}
