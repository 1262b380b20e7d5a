package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The gastown-claude Task's step with the real Claude Code CLI, one test per outcome. */
class ClaudeStepOutcomeTest {

  /** One scripted Messages API for the class, stopped after its tests. */
  @RegisterExtension
  static final FakeAnthropicApi api = FakeAnthropicApi.start();

  @TempDir
  Path tmp;

  private PolecatWorkspace polecat;

  @BeforeEach
  void cloneOrigin() {
    polecat = PolecatWorkspace.cloned(tmp, "feature/gt-42");
  }

  private Reply bumpVersion() {
    return Reply.writeFile(polecat.repo().resolve("src/app.txt"), "version 2\n");
  }

  @Test
  void succeededPushesTheAgentsChangeAsOneCommitOnTheWorkBranch() {
    api.script(bumpVersion(), Reply.text("Bumped the version to 2."));

    StepRun run = polecat.claudeStep(api).run();

    Origin origin = polecat.origin();
    String branch = polecat.workBranch();
    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("succeeded", run.result("outcome")),
        () -> assertEquals("true", run.result("pushed")),
        () -> assertEquals(branch, run.result("branch")),
        () -> assertEquals(origin.head(branch), run.result("commit")),
        () -> assertEquals(polecat.startCommit(), origin.parent(branch)),
        () -> assertEquals("version 2", origin.file(branch, "src/app.txt")),
        () -> assertTrue(origin.message(branch).contains(PolecatWorkspace.BEAD_ID)),
        () -> assertEquals("Gas Town Polecat", origin.author(branch)),
        () -> assertEquals("Bumped the version to 2.", run.result("summary")));
  }

  @Test
  void succeededReportsTheTurnsSessionAndCostClaudeCodeReported() {
    api.script(bumpVersion(), Reply.text("Bumped the version to 2."));

    StepRun run = polecat.claudeStep(api).run();

    List<RecordedRequest> requests = api.messageRequests();
    assertAll(run::toString,
        () -> assertEquals(String.valueOf(requests.size()), run.result("num-turns")),
        () -> assertEquals(requests.get(0).headers().get("x-claude-code-session-id"), run.result("session-id")),
        () -> assertTrue(new BigDecimal(run.result("cost-usd")).signum() > 0),
        () -> assertTrue(api.requests().stream().allMatch(RecordedRequest::isMessages), "only /v1/messages is called"));
  }

  @Test
  void logsWhatTheUserGuideShows() {
    api.script(bumpVersion(), Reply.text("I've completed the gt-42 issue."));

    StepRun run = polecat.claudeStep(api).run();

    assertAll(run::toString,
        () -> assertTrue(run.stdout().contains(ClaudeCodeCli.VERSION + " (Claude Code)")),
        () -> assertTrue(run.stdout().contains("Starting Claude Code agent...")),
        () -> assertTrue(run.stdout().contains("Working on issue: gt-42")),
        () -> assertTrue(run.stdout().contains("[Write] " + polecat.repo().resolve("src/app.txt"))),
        () -> assertTrue(run.stdout().contains("I've completed the gt-42 issue.")));
  }

  @Test
  void noChangesPushesNothing() {
    api.script(Reply.text("The version is already 2, nothing to do."));

    StepRun run = polecat.claudeStep(api).run();

    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("no-changes", run.result("outcome")),
        () -> assertEquals("false", run.result("pushed")),
        () -> assertEquals(polecat.startCommit(), run.result("commit")),
        () -> assertTrue(run.result("summary").contains("nothing to do")),
        () -> assertFalse(polecat.origin().hasBranch(polecat.workBranch())));
  }

  @Test
  void expiredCredentialsFailWithinSecondsAskingToRefreshTheSecret() {
    api.script(Reply.expiredOAuthToken());

    StepRun run = polecat.claudeStep(api).run();

    assertAll(run::toString,
        () -> assertNotEquals(0, run.exitCode()),
        () -> assertEquals("auth-failed", run.result("outcome")),
        () -> assertTrue(run.result("summary").contains("HTTP 401")),
        () -> assertTrue(run.result("summary").contains("refresh the credentials secret")),
        () -> assertTrue(run.elapsed().compareTo(Duration.ofSeconds(20)) < 0, "took " + run.elapsed()),
        () -> assertEquals("false", run.result("pushed")));
  }

  @Test
  void missingCredentialsFailBeforeCallingTheApi() {
    api.script(Reply.text("never asked"));

    StepRun run = polecat.claudeStep(api).withoutWorkspace("api-key").run();

    assertAll(run::toString,
        () -> assertNotEquals(0, run.exitCode()),
        () -> assertEquals("auth-failed", run.result("outcome")),
        () -> assertTrue(run.result("summary").contains("No Claude credentials")),
        () -> assertTrue(api.requests().isEmpty()));
  }

  @Test
  void serverErrorsFailTheAgentWithoutPushing() {
    api.script(bumpVersion(), Reply.serverError());

    StepRun run = polecat.claudeStep(api).run();

    assertAgentFailed(run, "HTTP 500");
  }

  @Test
  void rateLimitingFailsTheAgentWithinSeconds() {
    api.script(Reply.rateLimited());

    StepRun run = polecat.claudeStep(api).run();

    assertAgentFailed(run, "HTTP 429");
    assertTrue(run.elapsed().compareTo(Duration.ofSeconds(30)) < 0, "took " + run.elapsed());
  }

  @Test
  void reachingTheTurnLimitFailsTheAgentWithoutPushingItsPartialWork() {
    api.script(bumpVersion());

    StepRun run = polecat.claudeStep(api).param("max-turns", "2").run();

    assertAgentFailed(run, "error_max_turns");
    assertEquals(2, api.messageRequests().size(), "--max-turns 2 allows two model calls");
  }

  @Test
  void exceedingTheBudgetFailsTheAgent() {
    api.script(bumpVersion(), Reply.text("Bumped the version to 2."));

    StepRun run = polecat.claudeStep(api).param("max-budget-usd", "0.0001").run();

    assertAgentFailed(run, "error_max_budget_usd");
  }

  private void assertAgentFailed(StepRun run, String reason) {
    assertAll(run::toString,
        () -> assertNotEquals(0, run.exitCode()),
        () -> assertEquals("agent-failed", run.result("outcome")),
        () -> assertTrue(run.result("summary").contains(reason)),
        () -> assertEquals("false", run.result("pushed")),
        // The commit is the remote's work branch: there is none.
        () -> assertEquals("", run.result("commit")),
        () -> assertFalse(polecat.origin().hasBranch(polecat.workBranch())));
  }

  @Test
  void aPreReceiveHookRejectionIsAPushFailure() {
    polecat.origin().rejectPushes("feature branches are frozen");
    api.script(bumpVersion(), Reply.text("Bumped the version to 2."));

    StepRun run = polecat.claudeStep(api).run();

    assertPushFailed(run, "feature branches are frozen");
  }

  @Test
  void aWorkBranchThatMovedOnTheOriginIsAPushFailure() {
    polecat.origin().commit(polecat.workBranch(), "OTHER.md", "someone else\n", "Concurrent work");
    api.script(bumpVersion(), Reply.text("Bumped the version to 2."));

    StepRun run = polecat.claudeStep(api).run();

    assertPushFailed(run, "rejected");
  }

  private void assertPushFailed(StepRun run, String reason) {
    assertAll(run::toString,
        () -> assertNotEquals(0, run.exitCode()),
        () -> assertEquals("push-failed", run.result("outcome")),
        () -> assertEquals("false", run.result("pushed")),
        () -> assertTrue(run.result("summary").contains(reason)),
        () -> assertNotEquals(polecat.startCommit(), run.result("commit")));
  }
}
