package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * User values (bead ID, task description, work branch) are data: shell syntax in them reaches git
 * and Claude Code unchanged and never runs.
 */
class StepInjectionTest {

  /** One scripted Messages API for the class, stopped after its tests. */
  @RegisterExtension
  static final FakeAnthropicApi api = FakeAnthropicApi.start();

  @TempDir
  Path tmp;

  /** Shell syntax that would create {@code marker} or delete the origin if it were ever evaluated. */
  private String hostile(Path marker) {
    return "x$(touch " + marker + ") `touch " + marker + "` '\"quoted\"'\n"
        + "second line; rm -rf " + tmp + " && touch " + marker + " # ${HOME}";
  }

  private StepRun runAgent(PolecatWorkspace polecat, String beadId, String taskDescription) {
    api.script(Reply.writeFile(polecat.repo().resolve("src/app.txt"), "version 2\n"), Reply.text("Done."));
    return polecat.claudeStep(api).param("bead-id", beadId).param("task-description", taskDescription).run();
  }

  @Test
  void aHostileTaskDescriptionReachesThePromptVerbatimAndNeverRuns() {
    Path marker = tmp.resolve("pwned-by-description");
    String description = hostile(marker);
    PolecatWorkspace polecat = PolecatWorkspace.cloned(tmp, "feature/gt-42");

    StepRun run = runAgent(polecat, "gt-42", description);

    assertAll(run::toString,
        () -> assertEquals("succeeded", run.result("outcome")),
        () -> assertTrue(api.messageRequests().get(0).userText().contains(description)),
        () -> assertFalse(Files.exists(marker)));
  }

  @Test
  void aHostileBeadIdIsPassedOnAsDataAndNeverRuns() {
    Path marker = tmp.resolve("pwned-by-bead");
    String beadId = hostile(marker);
    PolecatWorkspace polecat = PolecatWorkspace.cloned(tmp, "feature/gt-42");

    StepRun run = runAgent(polecat, beadId, "Bump the version.");

    assertAll(run::toString,
        () -> assertEquals("succeeded", run.result("outcome")),
        () -> assertTrue(api.messageRequests().get(0).userText().contains("issue " + beadId)),
        () -> assertTrue(polecat.origin().message(polecat.workBranch()).contains(beadId)),
        () -> assertFalse(Files.exists(marker)));
  }

  @Test
  void aWorkBranchFullOfShellSyntaxIsClonedAndPushedUnderExactlyThatName() {
    Path marker = tmp.resolve("pwned-by-branch");
    String branch = "feature/`touch${IFS}" + marker + "`$(touch${IFS}" + marker + ");'\"x";
    PolecatWorkspace polecat = PolecatWorkspace.cloned(tmp, branch);

    StepRun run = runAgent(polecat, "gt-42", "Bump the version.");

    assertAll(run::toString,
        () -> assertEquals("succeeded", run.result("outcome")),
        () -> assertEquals(branch, run.result("branch")),
        () -> assertEquals(run.result("commit"), polecat.origin().head(branch)),
        () -> assertFalse(Files.exists(marker)));
  }
}
