package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both steps reach an ssh remote with a private copy of the key from the read-only ssh-directory. */
class SshDirectoryTest {

  @TempDir
  Path tmp;

  private Origin origin;
  private FakeSsh ssh;
  private Path sshSecret;
  private Snapshot mountedSecret;

  @BeforeEach
  void createOriginAndKey() throws Exception {
    origin = Origin.withHistory(tmp);
    ssh = FakeSsh.in(tmp);
    sshSecret = Files.createDirectories(tmp.resolve("ssh-secret"));
    Files.writeString(sshSecret.resolve("ssh-privatekey"), "-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n");
    Files.writeString(sshSecret.resolve("known_hosts"), "git.gastown.test ssh-ed25519 AAAAfake\n");
    mountedSecret = Snapshot.of(sshSecret);
  }

  private StepRun cloneOverSsh(Path workspace) {
    return TaskStep.of("git-clone.yaml", tmp)
        .param("url", FakeSsh.url(origin))
        .param("work-branch", "feature/gt-42")
        .workspace("output", workspace)
        .workspace("ssh-directory", sshSecret)
        .onPath(ssh.bin())
        .run();
  }

  private void assertPrivateKeyCopyWasUsed() {
    List<String> log = ssh.log();
    String key = log.get(log.indexOf("-i") + 1);
    assertAll(log::toString,
        () -> assertFalse(key.startsWith(sshSecret.toString()), "uses a copy, not the mounted key"),
        () -> assertTrue(log.contains("key mode 600")),
        () -> assertTrue(log.contains("StrictHostKeyChecking=yes")),
        () -> assertEquals(mountedSecret, Snapshot.of(sshSecret)));
  }

  @Test
  void gitCloneUsesAPrivateCopyOfTheKey() {
    StepRun run = cloneOverSsh(tmp.resolve("workspace"));

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(origin.head("main"), run.result("commit"));
    assertPrivateKeyCopyWasUsed();
  }

  @Test
  void thePushStepPushesWithAPrivateCopyOfTheKey() {
    PolecatWorkspace polecat = PolecatWorkspace.cloned(tmp.resolve("polecat"), "feature/gt-42");
    try (FakeAnthropicApi api = FakeAnthropicApi.start()) {
      api.script(Reply.writeFile(polecat.repo().resolve("src/app.txt"), "version 2\n"), Reply.text("Bumped."));

      StepRun run = polecat.claudeStep(api).param("repo-url", FakeSsh.url(polecat.origin()))
          .workspace("ssh-directory", sshSecret).onPath(ssh.bin()).run();

      assertEquals("succeeded", run.result("outcome"), run::toString);
      assertEquals(run.result("commit"), polecat.origin().head("feature/gt-42"));
      assertPrivateKeyCopyWasUsed();
    }
  }
}
