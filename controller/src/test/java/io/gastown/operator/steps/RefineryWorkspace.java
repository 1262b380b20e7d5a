package io.gastown.operator.steps;

import io.fabric8.tekton.v1.Pipeline;
import io.fabric8.tekton.v1.PipelineTask;
import io.fabric8.tekton.v1.WhenExpression;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the merge step finds when it starts, as in the gastown-refinery-merge Pipeline: a workspace
 * holding a clone of the target branch on the throwaway branch "refinery-merge", made by the real
 * git-clone step.
 */
final class RefineryWorkspace {

  private static final Pipeline PIPELINE = StepScripts.loadPipeline("tekton/pipelines/refinery-merge.yaml");
  /** $(params.x), and $(tasks.push.results.x): the only task results the pull-request Task reads. */
  private static final Pattern REFERENCE = Pattern.compile("\\$\\((params|tasks\\.push\\.results)\\.([a-z-]+)\\)");

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

  /** The merge of {@code source} into the cloned target, as the Pipeline runs it; tests add params. */
  MergeChain mergeStep(String source) {
    return new MergeChain(source);
  }

  /**
   * What the gastown-refinery-merge Pipeline runs after the clone: gastown-merge, then
   * gastown-merge-test, then gastown-merge-push, each given the results of the ones before as the
   * Pipeline wires them, and stopping where the Pipeline stops (a failed Task).
   */
  final class MergeChain {

    private final TaskStep merge;
    private final TaskStep test;
    private final TaskStep push;
    /** Every param given, by its Pipeline name: the pull-request Task's come from here. */
    private final Map<String, String> params = new LinkedHashMap<>();
    private StepRun pushed;

    private MergeChain(String source) {
      merge = TaskStep.of("merge.yaml", tmp).param("source-branch", source).param("target-branch", target)
          .workspace("source", workspace);
      test = TaskStep.of("merge-test.yaml", tmp).workspace("source", workspace);
      push = TaskStep.of("merge-push.yaml", tmp).param("repo-url", origin.url()).param("target-branch", target)
          .workspace("source", workspace);
    }

    /** A param of the Pipeline, given to the Task that takes it. */
    MergeChain param(String name, String value) {
      params.put(name, value);
      if (name.startsWith("forge-") || name.startsWith("pull-request-")) {
        return this;
      }
      switch (name) {
        case "test-command" -> test.param(name, value);
        case "repo-url", "merge-via", "head-branch" -> push.param(name, value);
        case "target-branch" -> {
          merge.param(name, value);
          push.param(name, value);
        }
        default -> merge.param(name, value);
      }
      return this;
    }

    /** The ssh-directory workspace: bound to the merge and the push, never to the tests. */
    MergeChain workspace(String name, Path path) {
      merge.workspace(name, path);
      push.workspace(name, path);
      return this;
    }

    MergeChain onPath(Path dir) {
      merge.onPath(dir);
      test.onPath(dir);
      push.onPath(dir);
      return this;
    }

    /** One run of the three; the results are the push's, as the Pipeline's are. */
    StepRun run() {
      StepRun merged = merge.run();
      if (merged.exitCode() != 0) {
        return merged;
      }
      StepRun tested = test.param("outcome", merged.result("outcome"))
          .param("merged-commit", merged.result("merged-commit"))
          .param("summary", merged.result("summary"))
          .run();
      pushed = push.param("outcome", tested.result("outcome"))
          .param("merged-commit", merged.result("merged-commit"))
          .param("summary", tested.result("summary"))
          .run();
      return new StepRun(pushed.exitCode(), merged.stdout() + tested.stdout() + pushed.stdout(),
          merged.stderr() + tested.stderr() + pushed.stderr(), pushed.results(),
          merged.elapsed().plus(tested.elapsed()).plus(pushed.elapsed()), merged.home());
    }

    /**
     * After {@link #run}: the Pipeline's pull-request Task, when its when-expressions hold, with the
     * params the Pipeline gives it (its values with the Pipeline's params and the push's results
     * substituted, as Tekton does), the token directory bound as forge-token. Empty when Tekton skips it.
     */
    Optional<StepRun> pullRequest(Path forgeToken) {
      PipelineTask task = PIPELINE.getSpec().getTasks().stream().filter(t -> t.getName().equals("pull-request"))
          .findFirst().orElseThrow();
      for (WhenExpression when : task.getWhen()) {
        if (!when.getValues().contains(substitute(when.getInput()))) {
          return Optional.empty();
        }
      }
      TaskStep step = TaskStep.of("pull-request.yaml", tmp).workspace("forge-token", forgeToken);
      task.getParams().forEach(p -> step.param(p.getName(), substitute(p.getValue().getStringVal())));
      return Optional.of(step.run());
    }

    private String substitute(String value) {
      Matcher m = REFERENCE.matcher(value);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String name = m.group(2);
        String replacement = m.group(1).equals("params")
            ? params.getOrDefault(name, PIPELINE.getSpec().getParams().stream()
                .filter(p -> p.getName().equals(name)).findFirst().orElseThrow().getDefault().getStringVal())
            : pushed.result(name);
        m.appendReplacement(out, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(out);
      return out.toString();
    }
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
