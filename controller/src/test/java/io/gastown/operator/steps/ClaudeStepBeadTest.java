package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A Polecat with a beadID and no taskDescription: the claude step reads the task from the clone's beads. */
class ClaudeStepBeadTest {

  @RegisterExtension
  static final FakeAnthropicApi api = FakeAnthropicApi.start();

  @TempDir
  Path tmp;

  private PolecatWorkspace polecat;

  @BeforeEach
  void cloneOrigin() {
    polecat = PolecatWorkspace.cloned(tmp, "feature/gt-42");
    api.forgetRequests();
  }

  @Test
  void anEmptyTaskDescriptionIsTheBeadOfTheRepository() throws IOException {
    beads("""
        {"id":"gt-41","title":"Rename the logger","description":"Not this one.","status":"open","priority":2}
        {"id":"gt-42","title":"Bump the version to 2","description":"src/app.txt still says version 1.","status":"open","priority":1,"acceptance_criteria":"src/app.txt says version 2","dependencies":[]}
        """);
    api.script(Reply.writeFile(polecat.repo().resolve("src/app.txt"), "version 2\n"), Reply.text("Bumped it."));

    StepRun run = polecat.claudeStep(api).param("task-description", "").run();

    String prompt = api.messageRequests().get(0).userText();
    assertAll(run::toString,
        () -> assertEquals("succeeded", run.result("outcome")),
        () -> assertTrue(prompt.contains("Bump the version to 2"), prompt),
        () -> assertTrue(prompt.contains("src/app.txt still says version 1."), prompt),
        () -> assertTrue(prompt.contains("Acceptance criteria:\nsrc/app.txt says version 2"), prompt),
        () -> assertFalse(prompt.contains("Rename the logger"), prompt));
  }

  @Test
  void aBeadThatIsNotInTheRepositoryEndsBeadNotFoundWithoutCallingTheModel() throws IOException {
    beads("""
        {"id":"gt-41","title":"Rename the logger","status":"open"}
        """);

    StepRun run = polecat.claudeStep(api).param("task-description", " ").run();

    assertAll(run::toString,
        () -> assertNotEquals(0, run.exitCode()),
        () -> assertEquals("bead-not-found", run.result("outcome")),
        () -> assertTrue(run.result("summary").contains("bead gt-42 is not in the repository's .beads/issues.jsonl"),
            run.result("summary")),
        () -> assertEquals("false", run.result("pushed")),
        () -> assertTrue(api.messageRequests().isEmpty(), "the model was called with an empty task"));
  }

  @Test
  void aRepositoryWithoutBeadsEndsBeadNotFound() {
    StepRun run = polecat.claudeStep(api).param("task-description", "").run();

    assertAll(run::toString,
        () -> assertEquals("bead-not-found", run.result("outcome")),
        () -> assertTrue(run.result("summary").contains("no .beads/issues.jsonl"), run.result("summary")),
        () -> assertTrue(api.messageRequests().isEmpty()));
  }

  /** The beads file of the repository, committed in the clone as if it came from origin. */
  private void beads(String jsonl) throws IOException {
    Path file = polecat.repo().resolve(".beads/issues.jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(file, jsonl);
    Git.run(polecat.repo(), "add", ".beads/issues.jsonl");
    Git.run(polecat.repo(), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "beads");
  }
}
