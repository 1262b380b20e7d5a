package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image without Claude Code gets the pinned version installed at run time. */
class ClaudeStepInstallTest {

  @TempDir
  Path tmp;

  /**
   * An {@code npm} that records its arguments and "installs" by linking the CLI the harness already
   * installed, so the test needs no registry.
   */
  private Path fakeNpm(Path argsFile) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("fake-npm-bin"));
    Path npm = bin.resolve("npm");
    Files.writeString(npm, """
        #!/usr/bin/env bash
        printf '%%s\\n' "$@" > '%s'
        while [ $# -gt 0 ]; do
          if [ "$1" = --prefix ]; then prefix="$2"; fi
          shift
        done
        mkdir -p "$prefix/node_modules/.bin"
        ln -s '%s' "$prefix/node_modules/.bin/claude"
        echo "added 3 packages in 1s"
        """.formatted(argsFile, ClaudeCodeCli.binDir().resolve("claude")));
    Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  @Test
  void installsThePinnedClaudeCodeWhenItIsNotOnThePath() throws Exception {
    assumeFalse(Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "claude"))), "claude is already on this machine's PATH");
    Path npmArgs = tmp.resolve("npm-args");
    PolecatWorkspace polecat = PolecatWorkspace.cloned(tmp, "feature/gt-42");
    try (FakeAnthropicApi api = FakeAnthropicApi.start()) {
      api.script(Reply.text("Nothing to change."));

      StepRun run = polecat.claudeStep(api, fakeNpm(npmArgs)).run();

      assertAll(run::toString,
          () -> assertEquals("no-changes", run.result("outcome")),
          () -> assertTrue(run.stdout().contains("Installing Claude Code CLI...\nadded 3 packages in 1s\n"
              + ClaudeCodeCli.VERSION + " (Claude Code)")),
          () -> assertTrue(Files.readAllLines(npmArgs).contains("@anthropic-ai/claude-code@" + ClaudeCodeCli.VERSION)));
    }
  }
}
