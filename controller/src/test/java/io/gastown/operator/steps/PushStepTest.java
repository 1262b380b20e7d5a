package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push step against a hostile agent: it pushes exactly the agent's commit and nothing that
 * holds a secret, never runs what the agent wrote into its clone's git configuration, and its
 * results are what the remote has, whatever the agent leaves behind.
 */
class PushStepTest {

  private static final String SSH_KEY = """
      -----BEGIN OPENSSH PRIVATE KEY-----
      b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
      QyNTUxOQAAACBkZWFkYmVlZmRlYWRiZWVmZGVhZGJlZWZkZWFkYmVlZgAAAJgAAAAAAAAA
      -----END OPENSSH PRIVATE KEY-----
      """;

  @RegisterExtension
  static final FakeAnthropicApi api = FakeAnthropicApi.start();

  @TempDir
  Path tmp;

  private PolecatWorkspace polecat;
  private Path sshSecret;

  @BeforeEach
  void cloneOrigin() throws Exception {
    polecat = PolecatWorkspace.cloned(tmp, "feature/gt-42");
    sshSecret = polecat.secret("ssh", "ssh-privatekey", SSH_KEY);
  }

  @Test
  void aFileHoldingTheSshKeyIsRefusedAndNothingIsPushed() {
    api.script(Reply.writeFile(polecat.repo().resolve("leak.txt"), "found this:\n" + SSH_KEY), Reply.text("Saved it."));

    StepRun run = polecat.claudeStep(api).workspace("ssh-directory", sshSecret).run();

    assertRefused(run, "a secret value in the file leak.txt");
  }

  @Test
  void theApiKeyInBase64OrHexIsRefused() {
    byte[] key = PolecatWorkspace.API_KEY.getBytes(StandardCharsets.UTF_8);
    for (String encoded : new String[] {"x" + Base64.getEncoder().encodeToString(key), HexFormat.of().formatHex(key)}) {
      api.script(Reply.writeFile(polecat.repo().resolve("notes/encoded.txt"), encoded + "\n"), Reply.text("Encoded it."));

      StepRun run = polecat.claudeStep(api).run();

      assertRefused(run, "a secret value in the file notes/encoded.txt");
    }
  }

  @Test
  void aSecretInAnEarlierCommitIsRefusedEvenWhenTheLastCommitRemovedIt() {
    api.script(
        Reply.bash("cp " + sshSecret.resolve("ssh-privatekey") + " id && git add id && git -c user.name=a -c user.email=a@b commit -qm key"
            + " && git rm -q id && echo 2 > src/app.txt"),
        Reply.text("Tidied up."));

    StepRun run = polecat.claudeStep(api).workspace("ssh-directory", sshSecret).run();

    assertRefused(run, "a secret value in the file id");
  }

  @Test
  void aFileOverTheSizeLimitIsRefused() {
    api.script(Reply.writeFile(polecat.repo().resolve("big.bin"), "x".repeat(5000)), Reply.text("Added a big file."));

    StepRun run = polecat.claudeStep(api).param("max-file-bytes", "4000").run();

    assertRefused(run, "the file big.bin of 5000 bytes (the limit is 4000)");
  }

  @Test
  void whatTheAgentWritesIntoItsClonesGitConfigNeverRunsInThePush() throws Exception {
    Path marker = tmp.resolve("ran-in-the-push");
    String evil = "touch " + marker + "; exit 1";
    api.script(
        Reply.bash("git config core.sshCommand '" + evil + "' && git config core.hooksPath .git/evil-hooks"
            + " && mkdir -p .git/evil-hooks && printf '#!/bin/sh\\n" + evil + "\\n' > .git/evil-hooks/pre-push"
            + " && chmod +x .git/evil-hooks/pre-push && git config remote.origin.url /nonexistent && echo 2 > src/app.txt"),
        Reply.text("Bumped."));

    StepRun run = polecat.claudeStep(api).run();

    assertAll(run::toString,
        () -> assertEquals("succeeded", run.result("outcome")),
        () -> assertEquals(polecat.origin().head(polecat.workBranch()), run.result("commit")),
        () -> assertFalse(Files.exists(marker), "the push ran a command from the agent's git config"));
  }

  @Test
  void whatTheAgentLeavesRunningCannotChangeWhatIsPushedOrReported() throws Exception {
    assumeTrue(TaskStep.CONTAINED, "needs root: each step in a PID namespace of its own, as in a container");
    Path late = tmp.resolve("late-writer-ran");
    api.script(
        Reply.bash("echo 2 > src/app.txt; setsid bash -c 'sleep 4; touch " + late + "; echo forged > $HANDOFF_DIR/summary;"
            + " echo late > late.txt' > /dev/null 2>&1 < /dev/null &"),
        Reply.text("Bumped the version."));

    StepRun run = polecat.claudeStep(api).run();
    Thread.sleep(6_000);

    String pushed = polecat.origin().head(polecat.workBranch());
    assertAll(run::toString,
        () -> assertEquals("succeeded", run.result("outcome")),
        () -> assertEquals(pushed, run.result("commit")),
        () -> assertEquals("true", run.result("pushed")),
        () -> assertEquals("Bumped the version.", run.result("summary")),
        () -> assertFalse(Files.exists(late), "a process the agent started outlived its step"));
  }

  private void assertRefused(StepRun run, String what) {
    assertAll(run::toString,
        () -> assertNotEquals(0, run.exitCode()),
        () -> assertEquals("push-refused", run.result("outcome")),
        () -> assertEquals("false", run.result("pushed")),
        () -> assertTrue(run.result("summary").contains(what), run.result("summary")),
        () -> assertFalse(polecat.origin().hasBranch(polecat.workBranch()), "something was pushed"),
        () -> assertFalse(run.everythingVisible().contains("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW")));
  }
}
