package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values a user or an attacker controls (branch names, the source description) reach git as data,
 * never as shell text; what leaves the step stays one short line.
 */
class MergeStepInjectionTest {

  @TempDir
  Path tmp;

  @Test
  void sourceDescriptionAndBranchNameReachGitAsData() {
    Path marker = tmp.resolve("pwned");
    // Valid git branch names both (no spaces): ${IFS} is the shell's way round that.
    String source = "feature/$(mkdir${IFS}" + marker + ")";
    String description = "polecat x$(touch " + marker + ") `touch " + marker + "` bead ${HOME}";
    Origin origin = Origin.withHistory(tmp);
    String sourceHead = origin.commit(source, "NOTES.md", "notes\n", "Add notes");

    StepRun run = RefineryWorkspace.cloned(tmp, origin, "main").mergeStep(source)
        .param("source-description", description)
        .run();

    String message = origin.message("main");
    assertAll(run::toString,
        () -> assertEquals("merged", run.result("outcome")),
        () -> assertFalse(Files.exists(marker), "a value was run as shell text"),
        () -> assertTrue(message.contains("Merge branch '" + source + "' into main"), message),
        () -> assertTrue(message.contains(description), message),
        () -> assertEquals(sourceHead, origin.head(source)));
  }

  @Test
  void summaryOfManyConflictingFilesIsOneLineOfAtMost300Bytes() {
    Origin origin = Origin.withHistory(tmp);
    for (int i = 0; i < 40; i++) {
      origin.commit("feature/gt-3", "src/überlange-datei-" + i + ".txt", "polecat\n", "Polecat " + i);
    }
    for (int i = 0; i < 40; i++) {
      origin.commit("main", "src/überlange-datei-" + i + ".txt", "someone else\n", "Other " + i);
    }

    StepRun run = RefineryWorkspace.cloned(tmp, origin, "main").mergeStep("feature/gt-3").run();

    String summary = run.result("summary");
    assertAll(run::toString,
        () -> assertEquals("conflict", run.result("outcome")),
        () -> assertTrue(summary.getBytes(StandardCharsets.UTF_8).length <= 300, summary),
        () -> assertTrue(summary.length() > 200, summary),
        () -> assertFalse(summary.contains("\n"), summary),
        () -> assertTrue(summary.startsWith("Merging feature/gt-3 into main conflicts in: "), summary));
  }
}
