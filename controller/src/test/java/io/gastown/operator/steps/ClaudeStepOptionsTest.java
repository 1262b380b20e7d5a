package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The claude step passes the Polecat's agent settings on to Claude Code. */
class ClaudeStepOptionsTest {

  /** One scripted Messages API for the class, stopped after its tests. */
  @RegisterExtension
  static final FakeAnthropicApi api = FakeAnthropicApi.start();

  @TempDir
  Path tmp;

  private PolecatWorkspace polecat;

  @BeforeEach
  void cloneOrigin() {
    polecat = PolecatWorkspace.cloned(tmp, "feature/gt-42");
    api.script(Reply.text("Nothing to change."));
  }

  @Test
  void theModelParamChoosesTheModelOfEveryRequestToTheConfiguredEndpoint() {
    StepRun run = polecat.claudeStep(api).param("model", "claude-gastown-test-model").run();

    List<RecordedRequest> requests = api.messageRequests();
    assertFalse(requests.isEmpty(), run::toString);
    assertTrue(requests.stream().allMatch(request -> request.model().equals("claude-gastown-test-model")), run::toString);
  }

  @Test
  void extraArgsReachTheClaudeCommandLineAsSeparateArguments() {
    StepRun run = polecat.claudeStep(api)
        .param("extra-args", List.of("--append-system-prompt", "Gastown extra rule: $(keep) this 'verbatim'"))
        .run();

    String request = api.messageRequests().get(0).body();
    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertTrue(request.contains("Gastown extra rule: $(keep) this 'verbatim'")));
  }

  @Test
  void thePromptNamesTheBeadAndForbidsCommittingAndPushing() {
    StepRun run = polecat.claudeStep(api).run();

    String prompt = api.messageRequests().get(0).userText();
    assertAll(run::toString,
        () -> assertTrue(prompt.contains("issue " + PolecatWorkspace.BEAD_ID)),
        () -> assertTrue(prompt.contains("Bump the version in src/app.txt to 2.")),
        () -> assertTrue(prompt.contains("Work only on this task and only in this repository")),
        () -> assertTrue(prompt.contains("do not\ncommit, push")));
  }
}
