package io.gastown.operator.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the claude step finds when it starts: a workspace holding a clone of a local origin on a new
 * work branch, made by the real git-clone step.
 */
final class PolecatWorkspace {

  static final String BEAD_ID = "gt-42";
  static final String API_KEY = "sk-ant-api03-fake-key-that-must-never-be-printed";

  private final Path tmp;
  private final Origin origin;
  private final Path workspace;
  private final String workBranch;
  private final String startCommit;

  private PolecatWorkspace(Path tmp, Origin origin, Path workspace, String workBranch, String startCommit) {
    this.tmp = tmp;
    this.origin = origin;
    this.workspace = workspace;
    this.workBranch = workBranch;
    this.startCommit = startCommit;
  }

  static PolecatWorkspace cloned(Path tmp, String workBranch) {
    try {
      Origin origin = Origin.withHistory(tmp);
      Path workspace = Files.createDirectories(tmp.resolve("workspace"));
      StepRun clone = TaskStep.of("git-clone.yaml", tmp)
          .param("url", origin.url())
          .param("work-branch", workBranch)
          .workspace("output", workspace)
          .run();
      if (clone.exitCode() != 0) {
        throw new IllegalStateException("git-clone failed: " + clone);
      }
      return new PolecatWorkspace(tmp, origin, workspace, workBranch, clone.result("commit"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The claude step on this workspace with an API key, talking to {@code api}; tests add or override. */
  TaskStep claudeStep(FakeAnthropicApi api) {
    return claudeStep(api, ClaudeCodeCli.binDir());
  }

  /** The claude step with {@code tools} in front of the system PATH instead of the installed CLI. */
  TaskStep claudeStep(FakeAnthropicApi api, Path tools) {
    return TaskStep.of("claude.yaml", tmp)
        .param("bead-id", BEAD_ID)
        .param("task-description", "Bump the version in src/app.txt to 2.")
        .param("work-branch", workBranch)
        .param("repo-url", origin.url())
        .param("anthropic-base-url", api.baseUrl())
        .workspace("source", workspace)
        .workspace("api-key", secret("api-key", "api-key", API_KEY))
        .onPath(tools);
  }

  /** A directory like a mounted secret: one file {@code key} holding {@code value}. */
  Path secret(String name, String key, String value) {
    try {
      Path dir = Files.createDirectories(tmp.resolve("secret-" + name));
      Files.writeString(dir.resolve(key), value);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Origin origin() {
    return origin;
  }

  /** The clone the agent works in. */
  Path repo() {
    return workspace.resolve("repo");
  }

  String workBranch() {
    return workBranch;
  }

  /** The commit the work branch started from. */
  String startCommit() {
    return startCommit;
  }
}
