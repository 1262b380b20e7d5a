package io.gastown.operator.polecat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.operator.Fixtures;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.TokenSecretReference;
import io.gastown.operator.common.Conditions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PullRequestTextsTest {

  @Test
  void theTitleIsTheBeadAndTheFirstLineOfTheSummaryCut() {
    Polecat polecat = finished(PolecatPhase.Done, "succeeded", true,
        "Retry the flaky client test with a fixed seed and a bounded backoff so that CI stops failing\nDetails follow.");
    String title = PullRequestTexts.title(polecat);
    assertEquals("issue-123: Retry the flaky client test with a fixed seed and a bounded backoff s...", title);
    assertEquals("issue-123: ".length() + PullRequestTexts.TITLE_SUMMARY, title.length());
    polecat.getStatus().setSummary(null);
    polecat.getSpec().setTaskDescription("  Fix the login bug\nIt fails on Safari.");
    assertEquals("issue-123: Fix the login bug", PullRequestTexts.title(polecat));
    polecat.getSpec().setTaskDescription(null);
    assertEquals("issue-123", PullRequestTexts.title(polecat));
  }

  @Test
  void theBodyHasTheSummaryTheBeadTheCommitTheCostTheTurnsAndThePolecat() {
    String body = PullRequestTexts.body(finished(PolecatPhase.Done, "succeeded", true, "Fixed the | rate limit"));
    assertTrue(body.startsWith("Fixed the | rate limit\n\n"), body);
    for (String row : new String[] {"| Bead | `issue-123` |", "| Branch | `feature/issue-123` |",
        "| Commit | `3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d` |", "| Cost | 0.4213 USD |", "| Turns | 12 |",
        "| Polecat | `gastown-workers/my-worker` |"}) {
      assertTrue(body.contains(row + "\n"), row + " in " + body);
    }
  }

  @Test
  void theIssueCommentSaysTheOutcomeAndOnFailureTheReason() {
    assertEquals("Polecat `my-worker` finished bead `issue-123`: succeeded, branch `feature/issue-123` pushed;"
        + " cost 0.4213 USD, 12 turns.", PullRequestTexts.comment(finished(PolecatPhase.Done, "succeeded", true, "done")));
    assertEquals("Polecat `my-worker` did not finish bead `issue-123`: push-refused: Nothing was pushed: a secret value in"
        + " leak.txt; cost 0.4213 USD, 12 turns.", PullRequestTexts.comment(finished(PolecatPhase.Failed, "push-refused", false,
            "Nothing was pushed: a secret value in leak.txt")));
    String noChanges = PullRequestTexts.comment(finished(PolecatPhase.Done, "no-changes", false, "The code is right already"));
    assertTrue(noChanges.startsWith("Polecat `my-worker` finished bead `issue-123` without changes: nothing was pushed"), noChanges);
    assertTrue(noChanges.endsWith("\n\n> The code is right already"), noChanges);

    // No result at all (the deadline stopped it): the reason of the condition that ended the run.
    Polecat deadline = finished(PolecatPhase.Failed, null, null, null);
    deadline.getStatus().setCostUSD(null);
    deadline.getStatus().setNumTurns(null);
    deadline.getStatus().setConditions(Conditions.set(null, "Working", false, "DeadlineExceeded",
        "the run did not finish within activeDeadlineSeconds 3600", Instant.EPOCH));
    assertEquals("Polecat `my-worker` did not finish bead `issue-123`: DeadlineExceeded: the run did not finish within"
        + " activeDeadlineSeconds 3600.", PullRequestTexts.comment(deadline));
  }

  @Test
  void aPushedRunOpensAFailedOneCommentsAndNothingElsePostsAnything() {
    PullRequestPlan opens = PullRequestPlan.of(finished(PolecatPhase.Done, "succeeded", true, "done"), false).orElseThrow();
    assertTrue(opens.open());
    assertEquals("true", opens.params().get("open"));
    assertEquals("42", opens.params().get("issue"));
    assertFalse(opens.params().get("comment").isEmpty());

    PullRequestPlan comments = PullRequestPlan.of(finished(PolecatPhase.Failed, "agent-failed", false, "gave up"), false).orElseThrow();
    assertFalse(comments.open());
    assertEquals("false", comments.params().get("open"));
    assertTrue(PullRequestPlan.of(finished(PolecatPhase.Done, "no-changes", false, "nothing"), false).isPresent());

    assertTrue(PullRequestPlan.of(finished(PolecatPhase.Failed, "agent-failed", false, "gave up"), true).isEmpty(),
        "a failure the Witness retries is posted after the last attempt");
    assertTrue(PullRequestPlan.of(finished(PolecatPhase.Terminated, null, null, null), false).isEmpty());
    Polecat noComment = finished(PolecatPhase.Failed, "agent-failed", false, "gave up");
    noComment.getSpec().getPullRequest().setCommentOnIssue(false);
    assertTrue(PullRequestPlan.of(noComment, false).isEmpty());
    Polecat pushedNoComment = finished(PolecatPhase.Done, "succeeded", true, "done");
    pushedNoComment.getSpec().getPullRequest().setCommentOnIssue(false);
    assertEquals("", PullRequestPlan.of(pushedNoComment, false).orElseThrow().params().get("comment"));
    Polecat off = finished(PolecatPhase.Done, "succeeded", true, "done");
    off.getSpec().getPullRequest().setEnabled(false);
    assertTrue(PullRequestPlan.of(off, false).isEmpty());
  }

  @Test
  void theParamsAreTheTasksAndTheTextsStayData() {
    Polecat polecat = finished(PolecatPhase.Done, "succeeded", true, "$(touch /tmp/pwned) `id`");
    Map<String, String> params = PullRequestPlan.of(polecat, false).orElseThrow().params();
    assertEquals(StepParams.of(io.gastown.operator.steps.StepScripts.bundled().pullRequest()), params.keySet());
    assertEquals("issue-123: $(touch /tmp/pwned) `id`", params.get("title"));
    assertEquals("github", params.get("provider"));
    assertEquals("https://api.github.com", params.get("api-url"));
    assertEquals("myorg/myrepo", params.get("repository"));
    assertEquals("main", params.get("base-branch"));
    assertEquals("false", params.get("draft"));
  }

  /** The guide's Polecat, resolved, with pull requests to issue 42 and a run that ended so. */
  static Polecat finished(PolecatPhase phase, String outcome, Boolean pushed, String summary) {
    Polecat polecat = Fixtures.guidePolecat();
    PullRequestSpec pr = new PullRequestSpec();
    pr.setEnabled(true);
    pr.setTokenSecretRef(new TokenSecretReference("forge-token", null));
    pr.setIssue("42");
    polecat.getSpec().setPullRequest(pr);
    PolecatStatus status = new PolecatStatus();
    status.setPhase(phase);
    status.setOutcome(outcome);
    status.setPushed(pushed);
    status.setSummary(summary);
    status.setBranch("feature/issue-123");
    status.setCommit("3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d");
    status.setCostUSD("0.4213");
    status.setNumTurns(12);
    polecat.setStatus(status);
    return Fixtures.effective(polecat);
  }

  /** The names of a Task's params. */
  static final class StepParams {
    static java.util.Set<String> of(io.fabric8.tekton.v1.Task task) {
      return task.getSpec().getParams().stream().map(io.fabric8.tekton.v1.ParamSpec::getName)
          .collect(java.util.stream.Collectors.toSet());
    }
  }
}
