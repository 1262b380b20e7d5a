package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merge step fetches and pushes over ssh with a private copy of the key from the read-only ssh-directory. */
class MergeStepSshTest {

  @TempDir
  Path tmp;

  @Test
  void fetchesAndPushesWithAPrivateCopyOfTheKey() throws Exception {
    Origin origin = Origin.withHistory(tmp);
    origin.commit("feature/gt-4", "NOTES.md", "notes\n", "Add notes");
    FakeSsh ssh = FakeSsh.in(tmp);
    Path sshSecret = Files.createDirectories(tmp.resolve("ssh-secret"));
    Files.writeString(sshSecret.resolve("ssh-privatekey"), "-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n");
    Snapshot mounted = Snapshot.of(sshSecret);
    RefineryWorkspace workspace = RefineryWorkspace.cloned(tmp, origin, "main");
    Git.run(workspace.repo(), "remote", "set-url", "origin", FakeSsh.url(origin));

    StepRun run = workspace.mergeStep("feature/gt-4").param("repo-url", FakeSsh.url(origin))
        .workspace("ssh-directory", sshSecret).onPath(ssh.bin()).run();

    List<String> log = ssh.log();
    assertAll(run + "\n" + log,
        () -> assertEquals("merged", run.result("outcome")),
        () -> assertEquals(origin.head("main"), run.result("merged-commit")),
        () -> assertTrue(log.stream().anyMatch(a -> a.contains("git-upload-pack")), "fetched over ssh"),
        () -> assertTrue(log.stream().anyMatch(a -> a.contains("git-receive-pack")), "pushed over ssh"),
        () -> assertFalse(log.get(log.indexOf("-i") + 1).startsWith(sshSecret.toString()), "uses a copy"),
        () -> assertTrue(log.contains("key mode 600")),
        () -> assertTrue(log.contains("StrictHostKeyChecking=yes")),
        () -> assertEquals(mounted, Snapshot.of(sshSecret)));
  }
}
