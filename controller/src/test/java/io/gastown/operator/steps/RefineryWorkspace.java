package io.gastown.operator.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the merge step finds when it starts, as in the gastown-refinery-merge Pipeline: a workspace
 * holding a clone of the target branch on the throwaway branch "refinery-merge", made by the real
 * git-clone step.
 */
final class RefineryWorkspace {

  /** The work branch the Pipeline gives gastown-git-clone. */
  static final String WORK_BRANCH = "refinery-merge";

  private final Path tmp;
  private final Origin origin;
  private final Path workspace;
  private final String target;

  private RefineryWorkspace(Path tmp, Origin origin, Path workspace, String target) {
    this.tmp = tmp;
    this.origin = origin;
    this.workspace = workspace;
    this.target = target;
  }

  /** Runs the git-clone step on {@code target} of {@code origin} as the Pipeline's first task does. */
  static RefineryWorkspace cloned(Path tmp, Origin origin, String target) {
    try {
      Path workspace = Files.createDirectories(tmp.resolve("workspace"));
      StepRun clone = TaskStep.of("git-clone.yaml", tmp)
          .param("url", origin.url())
          .param("revision", target)
          .param("work-branch", WORK_BRANCH)
          .workspace("output", workspace)
          .run();
      if (clone.exitCode() != 0) {
        throw new IllegalStateException("git-clone failed: " + clone);
      }
      return new RefineryWorkspace(tmp, origin, workspace, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The merge step on this workspace merging {@code source} into the cloned target; tests add params. */
  TaskStep mergeStep(String source) {
    return TaskStep.of("merge.yaml", tmp)
        .param("source-branch", source)
        .param("target-branch", target)
        .workspace("source", workspace);
  }

  /** The clone the merge happens in. */
  Path repo() {
    return workspace.resolve("repo");
  }

  /** Commits {@code git rev-list ARGS} lists in origin (e.g. "old..main"), newest first. */
  static List<String> commits(Origin origin, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("rev-list"));
    command.addAll(List.of(args));
    String out = Git.run(Path.of(origin.url()), command.toArray(String[]::new));
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  /** Parents of {@code rev} in origin. */
  static List<String> parents(Origin origin, String rev) {
    String out = Git.run(Path.of(origin.url()), "rev-list", "--parents", "-n", "1", rev);
    return List.of(out.split(" ")).subList(1, out.split(" ").length);
  }

  /** Whether {@code ancestor} is in the history of {@code rev} in origin. */
  static boolean contains(Origin origin, String rev, String ancestor) {
    String base = Git.run(Path.of(origin.url()), "merge-base", rev, ancestor);
    return base.equals(Git.run(Path.of(origin.url()), "rev-parse", ancestor));
  }
}
