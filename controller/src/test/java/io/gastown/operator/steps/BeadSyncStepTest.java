package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BeadStore's sync step on a real clone: what it counts as the store's beads and as ready. */
class BeadSyncStepTest {

  @TempDir
  Path tmp;

  @Test
  void countsTheBeadsOfThePrefixAndListsTheReadyOnesByPriority() throws IOException {
    StepRun run = sync("gt-", """
        {"id":"gt-1","title":"Closed work","status":"closed","priority":0}
        {"id":"gt-2","title":"Blocked by an open bead","status":"open","priority":0,"dependencies":[{"issue_id":"gt-2","depends_on_id":"gt-3","type":"blocks"}]}
        {"id":"gt-3","title":"Open, low priority","status":"open","priority":3}
        {"id":"gt-4","title":"Blocked by a closed bead","status":"open","priority":1,"dependencies":[{"issue_id":"gt-4","depends_on_id":"gt-1","type":"blocks"}]}
        {"id":"gt-5","title":"In progress","status":"in_progress","priority":0}
        {"id":"gt-6","title":"Child of an open epic","status":"open","priority":2,"dependencies":[{"issue_id":"gt-6","depends_on_id":"gt-3","type":"parent-child"}]}
        {"id":"he-1","title":"Another store's bead","status":"open","priority":0}
        not json at all
        """);

    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("synced", run.result("outcome")),
        () -> assertEquals("6", run.result("issue-count")),
        () -> assertEquals("3", run.result("ready-count")),
        () -> assertEquals("gt-4,gt-6,gt-3", run.result("ready-beads")),
        () -> assertEquals(40, run.result("commit").length()),
        () -> assertTrue(run.result("message").contains("6 of 7 beads carry the prefix gt-, 3 ready"), run.result("message")),
        () -> assertTrue(run.result("message").contains("1 lines of .beads/issues.jsonl are not beads"), run.result("message")));
  }

  @Test
  void aChangedBeadCountsOnceWithItsLastLine() throws IOException {
    StepRun run = sync("gt-", """
        {"id":"gt-1","title":"Fix it","status":"open"}
        {"id":"gt-1","title":"Fix it","status":"closed"}
        {"id":"gt-2","title":"Then this","status":"open"}
        """);

    assertAll(run::toString,
        () -> assertEquals("2", run.result("issue-count")),
        () -> assertEquals("1", run.result("ready-count")),
        () -> assertEquals("gt-2", run.result("ready-beads")));
  }

  @Test
  void aRepositoryWithoutBeadsIsSyncedWithNone() throws IOException {
    StepRun run = sync("gt-", null);

    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("no-beads-file", run.result("outcome")),
        () -> assertEquals("0", run.result("issue-count")),
        () -> assertEquals("", run.result("ready-beads")),
        () -> assertTrue(run.result("message").contains("no .beads/issues.jsonl"), run.result("message")));
  }

  @Test
  void theReadyListStaysWithinOneResultWhateverTheNumberOfBeads() throws IOException {
    StringBuilder beads = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      beads.append("{\"id\":\"gt-").append(String.format("%04d", i)).append("-a-long-bead-name\",\"status\":\"open\"}\n");
    }
    StepRun run = sync("gt-", beads.toString());

    String listed = run.result("ready-beads");
    assertAll(run::toString,
        () -> assertEquals("500", run.result("ready-count")),
        () -> assertTrue(listed.getBytes().length <= 480, listed),
        () -> assertTrue(listed.startsWith("gt-0000-a-long-bead-name,gt-0001-a-long-bead-name"), listed),
        () -> assertFalse(listed.endsWith(","), listed));
  }

  @Test
  void beadIdsAndAPrefixWithShellSyntaxStayText() throws IOException {
    Path pwned = tmp.resolve("pwned");
    StepRun run = sync("gt-$(touch " + pwned + ")-", """
        {"id":"gt-$(touch %s)-1","title":"$(touch %s)","status":"open"}
        """.formatted(pwned, pwned));

    assertAll(run::toString,
        () -> assertEquals("1", run.result("issue-count")),
        () -> assertEquals("gt-$(touch " + pwned + ")-1", run.result("ready-beads")),
        () -> assertFalse(Files.exists(pwned), "a bead's text ran as a command"));
  }

  /** Clones an origin whose main holds these beads (none when null), then runs the sync step on the clone. */
  private StepRun sync(String prefix, String beads) throws IOException {
    Origin origin = Origin.withHistory(tmp);
    if (beads != null) {
      origin.commit("main", ".beads/issues.jsonl", beads, "Add beads");
    }
    Path workspace = Files.createDirectories(tmp.resolve("workspace"));
    StepRun clone = TaskStep.of("git-clone.yaml", tmp)
        .param("url", origin.url())
        .param("work-branch", "gastown/bead-sync")
        .workspace("output", workspace)
        .run();
    assertEquals(0, clone.exitCode(), clone::toString);
    return TaskStep.of("bead-sync.yaml", tmp).param("prefix", prefix).workspace("source", workspace).run();
  }
}
