package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gastown-git-clone Task's step, run for real against a local origin. */
class GitCloneStepTest {

  @TempDir
  Path tmp;

  private Origin origin;
  private Path workspace;

  @BeforeEach
  void createOrigin() throws Exception {
    origin = Origin.withHistory(tmp);
    workspace = Files.createDirectories(tmp.resolve("workspace"));
  }

  private TaskStep gitClone(String url, String revision, String workBranch) {
    return TaskStep.of("git-clone.yaml", tmp)
        .param("url", url)
        .param("revision", revision)
        .param("work-branch", workBranch)
        .workspace("output", workspace);
  }

  @Test
  void clonesTheRevisionAndCreatesTheWorkBranchFromIt() {
    String releaseHead = origin.commit("release-1", "NOTES.md", "release notes\n", "Release notes");

    StepRun run = gitClone(origin.url(), "release-1", "feature/gt-7").run();

    Path repo = workspace.resolve("repo");
    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals(releaseHead, run.result("commit")),
        () -> assertEquals(origin.url(), run.result("url")),
        () -> assertEquals("feature/gt-7", run.result("branch")),
        () -> assertEquals("feature/gt-7", Git.run(repo, "branch", "--show-current")),
        () -> assertEquals(releaseHead, Git.run(repo, "rev-parse", "HEAD")),
        () -> assertTrue(run.stdout().contains("Git setup complete. Working branch: feature/gt-7")));
  }

  @Test
  void clonesMainWhenNoRevisionIsGiven() {
    StepRun run = TaskStep.of("git-clone.yaml", tmp)
        .param("url", origin.url())
        .param("work-branch", "feature/gt-8")
        .workspace("output", workspace)
        .run();

    assertEquals(origin.head("main"), run.result("commit"), run::toString);
  }

  @Test
  void startsAfreshWhenTheWorkspaceHoldsTheCloneOfAnEarlierAttempt() {
    assertEquals(0, gitClone(origin.url(), "main", "feature/gt-9").run().exitCode());
    String newHead = origin.commit("main", "src/app.txt", "version 2\n", "Bump");

    StepRun retry = gitClone(origin.url(), "main", "feature/gt-9").run();

    assertEquals(0, retry.exitCode(), retry::toString);
    assertEquals(newHead, retry.result("commit"));
  }

  @Test
  void failsNamingTheUrlAndBranchWhenTheBranchDoesNotExist() {
    StepRun run = gitClone(origin.url(), "no-such-branch", "feature/gt-10").run();

    assertNotEquals(0, run.exitCode());
    assertTrue(run.stderr().contains("could not clone " + origin.url() + " at branch no-such-branch"), run::toString);
    assertFalse(run.results().containsKey("commit"));
  }

  @Test
  void failsNamingTheUrlWhenTheRepositoryDoesNotExist() {
    String missing = tmp.resolve("missing.git").toString();

    StepRun run = gitClone(missing, "main", "feature/gt-11").run();

    assertNotEquals(0, run.exitCode());
    assertTrue(run.stderr().contains("could not clone " + missing + " at branch main"), run::toString);
  }

  @Test
  void neverPrintsTheCredentialsOfAnHttpsUrl() {
    StepRun run = gitClone("https://polecat:s3cret-token@127.0.0.1:9/org/repo.git", "main", "feature/gt-12").run();

    assertNotEquals(0, run.exitCode());
    assertTrue(run.stderr().contains("could not clone https://***@127.0.0.1:9/org/repo.git"), run::toString);
    assertFalse(run.everythingVisible().contains("s3cret-token"), run::toString);
  }

  @Test
  void refusesAWorkBranchThatIsNotAValidBranchName() {
    Path marker = tmp.resolve("pwned");

    StepRun run = gitClone(origin.url(), "main", "feature/$(touch " + marker + ")").run();

    assertNotEquals(0, run.exitCode());
    assertTrue(run.stderr().contains("is not a valid git branch name"), run::toString);
    assertFalse(Files.exists(marker));
  }
}
