package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge Tasks of gastown-refinery-merge with merge-via pull-request, for real against a local
 * origin whose main is protected (its hook refuses every update of main, as a forge does): the
 * tested merge lands on the Refinery's head branch, main and the Polecat's branch stay as they were.
 */
class MergeStepPullRequestTest {

  private static final String SOURCE = "feature/gt-1";
  private static final String HEAD = "gastown/merge/" + SOURCE;

  @TempDir
  Path tmp;

  private Origin origin;
  private String sourceHead;
  private String mainBefore;

  @BeforeEach
  void polecatPushedItsBranchAndMainIsProtected() {
    origin = Origin.withHistory(tmp);
    sourceHead = origin.commit(SOURCE, "src/feature.txt", "feature\n", "Add feature");
    mainBefore = origin.commit("main", "CHANGELOG.md", "changes\n", "Add changelog");
    origin.protect("main");
  }

  private StepRun run(Path dir, String strategy) {
    return RefineryWorkspace.cloned(dir, origin, "main").mergeStep(SOURCE)
        .param("strategy", strategy)
        .param("source-commit", sourceHead)
        .param("test-command", "test -f src/feature.txt && test -f CHANGELOG.md")
        .param("merge-via", "pull-request")
        .param("head-branch", HEAD)
        .run();
  }

  @Test
  void theTestedMergeLandsOnTheHeadBranchAndNeitherMainNorThePolecatsBranchMoves() {
    StepRun run = run(tmp.resolve("first"), "merge");

    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("head-pushed", run.result("outcome")),
        () -> assertEquals(origin.head(HEAD), run.result("merged-commit")),
        () -> assertEquals(java.util.List.of(mainBefore, sourceHead), RefineryWorkspace.parents(origin, HEAD)),
        () -> assertEquals(mainBefore, origin.head("main")),
        () -> assertEquals(sourceHead, origin.head(SOURCE)),
        () -> assertTrue(run.result("summary").contains("main untouched"), run.result("summary")));
  }

  /** A new tested merge (main moved, the rebase is another commit) replaces the head branch: it is the Refinery's. */
  @Test
  void aLaterTestedMergeReplacesTheHeadBranchEvenWhenItIsNoFastForward() {
    StepRun first = run(tmp.resolve("first"), "rebase");
    assertEquals("head-pushed", first.result("outcome"), first::toString);
    origin.unprotect();
    String mainMoved = origin.commit("main", "OTHER.md", "other\n", "Merged elsewhere");
    origin.protect("main");

    StepRun second = run(tmp.resolve("second"), "rebase");

    assertAll(second::toString,
        () -> assertEquals("head-pushed", second.result("outcome")),
        () -> assertNotEquals(first.result("merged-commit"), second.result("merged-commit")),
        () -> assertEquals(second.result("merged-commit"), origin.head(HEAD)),
        () -> assertEquals(mainMoved, origin.parent(HEAD)),
        () -> assertEquals(mainMoved, origin.head("main")));
  }

  @Test
  void failingTestsPushNothingNotEvenTheHeadBranch() {
    StepRun run = RefineryWorkspace.cloned(tmp, origin, "main").mergeStep(SOURCE)
        .param("test-command", "exit 3")
        .param("merge-via", "pull-request")
        .param("head-branch", HEAD)
        .run();

    assertAll(run::toString,
        () -> assertEquals("tests-failed", run.result("outcome")),
        () -> assertTrue(!origin.hasBranch(HEAD)),
        () -> assertEquals(mainBefore, origin.head("main")));
  }

  @Test
  void pushModeAgainstTheProtectedMainIsAPushFailureWithTheForgesWords() {
    StepRun run = RefineryWorkspace.cloned(tmp, origin, "main").mergeStep(SOURCE).run();

    assertAll(run::toString,
        () -> assertEquals("push-failed", run.result("outcome")),
        () -> assertTrue(run.result("summary").contains("Protected branch update failed"), run.result("summary")),
        () -> assertEquals(mainBefore, origin.head("main")));
  }

  @Test
  void aHeadBranchThatIsTheTargetIsRefused() {
    StepRun run = RefineryWorkspace.cloned(tmp, origin, "main").mergeStep(SOURCE)
        .param("merge-via", "pull-request")
        .param("head-branch", "main")
        .run();

    assertAll(run::toString,
        () -> assertEquals(1, run.exitCode()),
        () -> assertEquals("failed", run.result("outcome")),
        () -> assertEquals(mainBefore, origin.head("main")));
  }
}
