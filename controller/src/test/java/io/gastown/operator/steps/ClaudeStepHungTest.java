package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An agent whose stream goes silent: the claude step ends it after the stuck threshold. */
class ClaudeStepHungTest {

  @RegisterExtension
  static final FakeAnthropicApi api = FakeAnthropicApi.start();

  @TempDir
  Path tmp;

  @Test
  void anAgentSilentForTheStuckThresholdIsStoppedAsHungAndNothingIsPushed() {
    PolecatWorkspace polecat = PolecatWorkspace.cloned(tmp, "feature/gt-42");
    // The model never answers in time: Claude Code waits, printing nothing.
    api.respondWith(request -> {
      try {
        Thread.sleep(Duration.ofSeconds(60).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Reply.text("too late");
    });

    Instant start = Instant.now();
    StepRun run = polecat.claudeStep(api).param("stuck-threshold-seconds", "3").run();
    Duration took = Duration.between(start, Instant.now());

    assertAll(run::toString,
        () -> assertNotEquals(0, run.exitCode()),
        () -> assertEquals("hung", run.result("outcome")),
        () -> assertTrue(run.result("summary").contains("printed nothing for"), run.result("summary")),
        () -> assertEquals("false", run.result("pushed")),
        () -> assertFalse(polecat.origin().hasBranch(polecat.workBranch())),
        () -> assertTrue(took.compareTo(Duration.ofSeconds(45)) < 0, "stopped after " + took));
  }
}
