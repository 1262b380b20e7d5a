package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.Fixtures;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.forge.ScriptedForge;
import io.gastown.operator.refinery.MergePipelineRunBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private static final String TOKEN = "ghp_refineryTokenValue0123456789";

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

  /**
   * The whole pull-request path with the params the operator gives the run (MergePipelineRunBuilder)
   * and the pull-request Task wired as the Pipeline wires it: a pull request from the head branch into
   * main on the scripted GitHub, naming the Polecat, the bead and the tested commit; a second tested
   * merge updates that pull request instead of opening another.
   */
  @Test
  void theOperatorsParamsOpenAPullRequestFromTheHeadBranchAndASecondRunUpdatesIt() throws IOException {
    try (ScriptedForge forge = ScriptedForge.github(TOKEN)) {
      Map<String, String> params = operatorParams(forge);
      assertEquals(HEAD, params.get("head-branch"));
      Path token = Files.createDirectories(tmp.resolve("forge-token"));
      Files.writeString(token.resolve("token"), TOKEN);

      RefineryWorkspace.MergeChain first = chain(tmp.resolve("first"), params);
      StepRun pushed = first.run();
      StepRun opened = first.pullRequest(token).orElseThrow();

      ScriptedForge.PullRequest pr = forge.pullRequests().get(0);
      assertAll(opened::toString,
          () -> assertEquals("head-pushed", pushed.result("outcome"), pushed::toString),
          () -> assertEquals(0, opened.exitCode()),
          () -> assertEquals("opened", opened.result("outcome")),
          () -> assertEquals(pr.url(), opened.result("url")),
          () -> assertEquals(HEAD, pr.head()),
          () -> assertEquals("main", pr.base()),
          () -> assertEquals("Merge feature/gt-1 (bead gt-1, Polecat my-worker)", pr.title()),
          () -> assertTrue(pr.body().contains("Tested commit: " + origin.head(HEAD)), pr.body()),
          () -> assertTrue(pr.body().contains(sourceHead), pr.body()),
          () -> assertFalse(opened.stdout().contains(TOKEN) || opened.stderr().contains(TOKEN)),
          () -> assertEquals(mainBefore, origin.head("main")));

      origin.unprotect();
      origin.commit("main", "OTHER.md", "other\n", "Merged elsewhere");
      origin.protect("main");
      RefineryWorkspace.MergeChain second = chain(tmp.resolve("second"), params);
      StepRun pushedAgain = second.run();
      StepRun updated = second.pullRequest(token).orElseThrow();

      assertAll(updated::toString,
          () -> assertEquals("head-pushed", pushedAgain.result("outcome"), pushedAgain::toString),
          () -> assertEquals("updated", updated.result("outcome")),
          () -> assertEquals(1, forge.pullRequests().size()),
          () -> assertTrue(forge.pullRequests().get(0).body().contains("Tested commit: " + pushedAgain.result("merged-commit"))),
          () -> assertEquals(pushedAgain.result("merged-commit"), origin.head(HEAD)));
    }
  }

  @Test
  void noPullRequestIsOpenedWhenTheTestsFail() throws IOException {
    try (ScriptedForge forge = ScriptedForge.github(TOKEN)) {
      RefineryWorkspace.MergeChain chain = chain(tmp, operatorParams(forge)).param("test-command", "exit 3");
      assertEquals("tests-failed", chain.run().result("outcome"));
      assertTrue(chain.pullRequest(tmp).isEmpty(), "the Pipeline's when-expressions skip the pull-request Task");
      assertEquals(List.of(), forge.requests());
    }
  }

  private RefineryWorkspace.MergeChain chain(Path dir, Map<String, String> params) {
    RefineryWorkspace.MergeChain chain = RefineryWorkspace.cloned(dir, origin, "main").mergeStep(SOURCE)
        .param("source-commit", sourceHead)
        .param("strategy", "rebase")
        .param("test-command", "test -f src/feature.txt");
    params.forEach(chain::param);
    return chain;
  }

  /** What the operator passes beyond push mode, for a Refinery of examples/refinery-pull-request.yaml on this forge. */
  private Map<String, String> operatorParams(ScriptedForge forge) {
    Refinery refinery = Serialization.unmarshal(Fixtures.read("examples/refinery-pull-request.yaml"), Refinery.class);
    refinery.getMetadata().setUid("uid-refinery");
    refinery.getSpec().getPullRequest().setApiURL(forge.apiUrl());
    refinery.getSpec().getPullRequest().setRepository("acme/widgets");
    Polecat polecat = Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class);
    polecat.getMetadata().setUid("uid-my-worker");
    polecat.getSpec().setBeadID("gt-1");
    PolecatStatus status = new PolecatStatus();
    status.setCommit(sourceHead);
    polecat.setStatus(status);
    Map<String, String> params = new LinkedHashMap<>();
    MergePipelineRunBuilder.bundled(OperatorConfig.DEFAULT_AGENT_IMAGE).build(refinery, polecat, 1).getSpec().getParams()
        .stream().filter(p -> p.getName().equals("merge-via") || p.getName().equals("head-branch")
            || p.getName().startsWith("forge-") || p.getName().startsWith("pull-request-"))
        .forEach(p -> params.put(p.getName(), p.getValue().getStringVal()));
    return params;
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
