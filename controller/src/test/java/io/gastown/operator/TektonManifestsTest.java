package io.gastown.operator;

import static io.gastown.operator.ManifestAssertions.YAML;
import static io.gastown.operator.ManifestAssertions.parseExactly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.tekton.v1.ParamSpec;
import io.fabric8.tekton.v1.Pipeline;
import io.fabric8.tekton.v1.PipelineResult;
import io.fabric8.tekton.v1.PipelineTask;
import io.fabric8.tekton.v1.Sidecar;
import io.fabric8.tekton.v1.Step;
import io.fabric8.tekton.v1.Task;
import io.fabric8.tekton.v1.TaskResult;
import io.fabric8.tekton.v1.WorkspaceDeclaration;
import io.gastown.operator.ManifestAssertions.Document;
import io.gastown.operator.steps.StepScripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every YAML under tekton/ is a {@code tekton.dev/v1} Task or Pipeline exactly (see
 * {@link ManifestAssertions}), keeps the interface DESIGN.md fixes, follows the project rules Tekton
 * itself does not check, and passes tekton-lint.
 */
class TektonManifestsTest {

  private static final String TEKTON_V1 = "tekton.dev/v1";

  /** Params and workspaces the Tasks must at least declare; results exactly, in this order. */
  private record Contract(List<String> params, List<String> workspaces, List<String> results) {}

  private static final List<String> CLAUDE_RESULTS =
      List.of("branch", "commit", "pushed", "outcome", "summary", "cost-usd", "num-turns", "session-id");

  private static final List<String> MERGE_PARAMS =
      List.of("source-branch", "source-commit", "target-branch", "strategy", "test-command", "source-description");

  private static final List<String> PULL_REQUEST_PARAMS = List.of("merge-via", "head-branch", "forge-provider",
      "forge-api-url", "forge-repository", "pull-request-title", "pull-request-body", "pull-request-draft");

  private static final List<String> MERGE_RESULTS = List.of("outcome", "merged-commit", "summary");

  private static final Map<String, Contract> CONTRACTS = Map.of(
      "gastown-git-clone", new Contract(
          List.of("url", "revision", "work-branch"),
          List.of("output", "ssh-directory"),
          List.of("commit", "url", "branch")),
      "gastown-claude", new Contract(
          List.of("bead-id", "task-description", "work-branch", "model", "max-turns", "anthropic-base-url", "image"),
          List.of("source", "claude-home", "ssh-directory"),
          CLAUDE_RESULTS),
      "gastown-merge", new Contract(
          List.of("source-branch", "source-commit", "target-branch", "strategy", "source-description"),
          List.of("source", "ssh-directory"), MERGE_RESULTS),
      "gastown-merge-test", new Contract(
          List.of("test-command", "outcome", "merged-commit", "summary"), List.of("source"), List.of("outcome", "summary")),
      "gastown-merge-push", new Contract(
          List.of("repo-url", "target-branch", "outcome", "merged-commit", "summary", "merge-via", "head-branch"),
          List.of("source", "ssh-directory"), MERGE_RESULTS),
      "gastown-pull-request", new Contract(
          List.of("provider", "api-url", "repository", "head-branch", "base-branch", "title", "body", "draft", "open",
              "issue", "comment"),
          List.of("forge-token"), List.of("outcome", "url", "number", "comment-url", "message")));

  private static final NpmTool TEKTON_LINT = new NpmTool("tekton-lint", "0.6.0", "tekton-lint");

  @TestFactory
  Stream<DynamicTest> everyTektonFileIsAV1TaskOrPipelineExactly() {
    List<Document> documents = documents();
    assertFalse(documents.isEmpty(), "no YAML found under tekton/");
    return documents.stream().map(d -> DynamicTest.dynamicTest(d.label(), () -> {
      assertEquals(TEKTON_V1, d.tree().path("apiVersion").asText(), d.label());
      Object parsed = parseExactly(d.tree());
      assertTrue(parsed instanceof Task || parsed instanceof Pipeline, d.label() + " is neither a Task nor a Pipeline");
    }));
  }

  @Test
  void bundledTasksKeepTheDesignContract() {
    Map<String, Task> tasks = tasks();
    CONTRACTS.forEach((name, contract) -> {
      Task task = tasks.get(name);
      assertNotNull(task, "no Task " + name + " under tekton/");
      assertTrue(names(task.getSpec().getParams(), ParamSpec::getName).containsAll(contract.params()),
          name + " params " + names(task.getSpec().getParams(), ParamSpec::getName));
      assertTrue(names(task.getSpec().getWorkspaces(), WorkspaceDeclaration::getName).containsAll(contract.workspaces()),
          name + " workspaces " + names(task.getSpec().getWorkspaces(), WorkspaceDeclaration::getName));
      assertEquals(contract.results(), names(task.getSpec().getResults(), TaskResult::getName), name + " results");
    });
  }

  @Test
  void polecatPipelineClonesThenRunsClaudeAndExposesItsResults() {
    Pipeline pipeline = pipelines().get("gastown-polecat");
    assertNotNull(pipeline, "no Pipeline gastown-polecat under tekton/pipelines/");
    List<PipelineTask> steps = pipeline.getSpec().getTasks();
    assertEquals(List.of("gastown-git-clone", "gastown-claude"), names(steps, t -> t.getTaskRef().getName()));
    assertEquals(List.of(steps.get(0).getName()), steps.get(1).getRunAfter());
    String claude = steps.get(1).getName();
    List<PipelineResult> results = pipeline.getSpec().getResults();
    assertEquals(CLAUDE_RESULTS, names(results, PipelineResult::getName));
    results.forEach(r -> assertEquals("$(tasks." + claude + ".results." + r.getName() + ")",
        r.getValue().getStringVal(), "value of result " + r.getName()));
  }

  @Test
  void refineryMergePipelineClonesTheTargetThenMergesAndExposesItsResults() {
    Pipeline pipeline = pipelines().get("gastown-refinery-merge");
    assertNotNull(pipeline, "no Pipeline gastown-refinery-merge under tekton/pipelines/");
    List<String> params = new ArrayList<>(List.of("repo-url"));
    params.addAll(MERGE_PARAMS);
    params.addAll(PULL_REQUEST_PARAMS);
    assertEquals(params.stream().sorted().toList(),
        names(pipeline.getSpec().getParams(), ParamSpec::getName).stream().sorted().toList(), "pipeline params");
    assertEquals(List.of("source", "ssh-directory", "forge-token"), names(pipeline.getSpec().getWorkspaces(), w -> w.getName()));

    // The operator embeds the bundled Tasks in place of these taskRefs, by name.
    List<PipelineTask> steps = pipeline.getSpec().getTasks();
    assertEquals(List.of("clone", "merge", "run-tests", "push", "pull-request"), names(steps, PipelineTask::getName));
    assertEquals(List.of("gastown-git-clone", "gastown-merge", "gastown-merge-test", "gastown-merge-push", "gastown-pull-request"),
        names(steps, t -> t.getTaskRef().getName()));
    assertEquals(List.of("clone"), steps.get(1).getRunAfter());
    assertEquals(List.of("merge"), steps.get(2).getRunAfter());
    assertEquals(List.of("run-tests"), steps.get(3).getRunAfter());
    assertEquals(Map.of("url", "$(params.repo-url)", "revision", "$(params.target-branch)", "work-branch", "refinery-merge"),
        paramValues(steps.get(0)));
    // The tests run with no SSH key; the push takes the commit to push from the merge, never from the tests.
    assertEquals(List.of("source"), names(steps.get(2).getWorkspaces(), w -> w.getName()));
    assertEquals("$(tasks.merge.results.merged-commit)", paramValues(steps.get(3)).get("merged-commit"));
    assertEquals("$(tasks.run-tests.results.outcome)", paramValues(steps.get(3)).get("outcome"));

    // Only the pull request's Task gets the forge token, and it runs only in pull-request mode once the
    // tested merge is on the head branch.
    steps.subList(0, 4).forEach(t -> assertFalse(names(t.getWorkspaces(), w -> w.getWorkspace()).contains("forge-token"), t.getName()));
    PipelineTask pullRequest = steps.get(4);
    assertEquals(List.of("forge-token"), names(pullRequest.getWorkspaces(), w -> w.getWorkspace()));
    assertEquals(List.of("push"), pullRequest.getRunAfter());
    assertEquals(List.of("$(params.merge-via) in [pull-request]", "$(tasks.push.results.outcome) in [head-pushed]"),
        names(pullRequest.getWhen(), w -> w.getInput() + " " + w.getOperator() + " " + w.getValues()));
    assertEquals("$(params.head-branch)", paramValues(pullRequest).get("head-branch"));
    assertEquals("$(params.target-branch)", paramValues(pullRequest).get("base-branch"));
    assertEquals("$(params.head-branch)", paramValues(steps.get(3)).get("head-branch"));

    List<PipelineResult> results = pipeline.getSpec().getResults();
    List<String> expected = new ArrayList<>(MERGE_RESULTS);
    expected.addAll(List.of("pull-request-outcome", "pull-request-url", "pull-request-number", "pull-request-message"));
    assertEquals(expected, names(results, PipelineResult::getName));
    results.forEach(r -> assertEquals(r.getName().startsWith("pull-request-")
            ? "$(tasks.pull-request.results." + r.getName().substring("pull-request-".length()) + ")"
            : "$(tasks.push.results." + r.getName() + ")",
        r.getValue().getStringVal(), "value of result " + r.getName()));
  }

  @TestFactory
  Stream<DynamicTest> noStepScriptReadsAParam() {
    return perTask(TektonManifestsTest::paramsInScripts);
  }

  @TestFactory
  Stream<DynamicTest> everyTaskRunsAsTheContainersThePodModeBuilds() {
    return perTask(TektonManifestsTest::containers);
  }

  @TestFactory
  Stream<DynamicTest> everyTaskParamReachesTheStep() {
    return perTask(TektonManifestsTest::unusedParams);
  }

  @TestFactory
  Stream<DynamicTest> everyPipelineGivesItsTasksTheirRequiredParamsAndWorkspaces() {
    Map<String, Task> tasks = tasks();
    return pipelines().values().stream().map(p -> DynamicTest.dynamicTest(p.getMetadata().getName(),
        () -> assertEquals(List.of(), wiring(p, tasks))));
  }

  @Test
  void paramPastedIntoAScriptIsCaught() throws IOException {
    Task task = task("""
        script: echo "$(params.bead-id)"
        env:
          - name: BEAD_ID
            value: $(params.bead-id)
        """);
    assertEquals(List.of("step run: $(params.bead-id) in its script; pass it through env"), paramsInScripts(task));
  }

  @Test
  void paramTheStepNeverReadsIsCaught() throws IOException {
    Task task = task("script: echo hello\n");
    assertEquals(List.of("param bead-id: not used by the step's env, args or image"), unusedParams(task));
  }

  @Test
  void pipelineMissingARequiredParamOrMisnamingAWorkspaceIsCaught() throws IOException {
    Pipeline pipeline = YAML.readValue("""
        apiVersion: tekton.dev/v1
        kind: Pipeline
        metadata:
          name: broken
        spec:
          workspaces:
            - name: source
          tasks:
            - name: clone
              taskRef:
                name: gastown-git-clone
              params:
                - name: url
                  value: x
              workspaces:
                - name: source
                  workspace: source
        """, Pipeline.class);
    assertEquals(List.of(
        "clone: required param work-branch of gastown-git-clone is not passed",
        "clone: gastown-git-clone has no workspace source",
        "clone: required workspace output of gastown-git-clone is not bound"), wiring(pipeline, tasks()));
  }

  @Test
  void tektonLintFindsNoProblem() {
    NpmTool.Output lint = TEKTON_LINT.run(Fixtures.repoRoot(), "--no-color", "--max-warnings", "0", "tekton/**/*.yaml");
    assertEquals(0, lint.exitCode(), lint.text());
  }

  /** tekton-lint goes by kind and ignores apiVersion, so it does read v1 Pipelines. */
  @Test
  void tektonLintCatchesAMisnamedWorkspaceInAV1Pipeline(@TempDir Path dir) throws IOException {
    for (String file : List.of("tasks/git-clone.yaml", "tasks/claude.yaml")) {
      Files.copy(Fixtures.repoRoot().resolve("tekton").resolve(file), dir.resolve(Path.of(file).getFileName()));
    }
    String pipeline = Files.readString(Fixtures.repoRoot().resolve("tekton/pipelines/polecat.yaml"));
    Files.writeString(dir.resolve("polecat.yaml"), pipeline.replace("- name: output", "- name: out"));
    assertNotEquals(pipeline, Files.readString(dir.resolve("polecat.yaml")));

    NpmTool.Output lint = TEKTON_LINT.run(dir, "--no-color", "*.yaml");
    assertEquals(1, lint.exitCode(), lint.text());
    assertTrue(lint.text().contains("provides no workspace for 'output'"), lint.text());
  }

  /** "step NAME: $(params.X) in its script" for every param a step script reads directly. */
  private static List<String> paramsInScripts(Task task) {
    Pattern param = Pattern.compile("\\$\\(params[.\\[][^)]*\\)");
    List<String> problems = new ArrayList<>();
    for (Step step : task.getSpec().getSteps()) {
      param.matcher(Objects.toString(step.getScript(), "")).results().map(m -> m.group()).distinct().forEach(
          p -> problems.add("step " + step.getName() + ": " + p + " in its script; pass it through env"));
    }
    for (Sidecar sidecar : sidecars(task)) {
      param.matcher(Objects.toString(sidecar.getScript(), "")).results().map(m -> m.group()).distinct().forEach(
          p -> problems.add("sidecar " + sidecar.getName() + ": " + p + " in its script; pass it through env"));
    }
    return problems;
  }

  /**
   * The Pod mode builds one container per step and sidecar, by name: gastown-claude is the steps
   * claude and push and the sidecar credential-proxy, every other Task exactly one step.
   */
  private static List<String> containers(Task task) {
    List<String> steps = names(task.getSpec().getSteps(), Step::getName);
    List<String> sidecars = names(sidecars(task), Sidecar::getName);
    boolean claude = StepScripts.CLAUDE_TASK.equals(task.getMetadata().getName());
    List<String> expectedSteps = claude ? List.of("claude", "push") : List.of(steps.isEmpty() ? "?" : steps.get(0));
    List<String> expectedSidecars = claude ? List.of("credential-proxy") : List.of();
    return steps.equals(expectedSteps) && sidecars.equals(expectedSidecars) ? List.of()
        : List.of("steps " + steps + " and sidecars " + sidecars + "; the Pod mode builds " + expectedSteps + " and " + expectedSidecars);
  }

  private static List<Sidecar> sidecars(Task task) {
    return task.getSpec().getSidecars() == null ? List.of() : task.getSpec().getSidecars();
  }

  private static List<String> unusedParams(Task task) {
    Stream<String> stepReads = task.getSpec().getSteps().stream().flatMap(step -> Stream.of(
            Optional.ofNullable(step.getEnv()).orElse(List.of()).stream().map(EnvVar::getValue),
            Optional.ofNullable(step.getArgs()).orElse(List.of()).stream(),
            Stream.of(step.getImage()))
        .flatMap(s -> s));
    Stream<String> sidecarReads = sidecars(task).stream().flatMap(sidecar -> Stream.concat(
        Optional.ofNullable(sidecar.getEnv()).orElse(List.of()).stream().map(EnvVar::getValue), Stream.of(sidecar.getImage())));
    String reads = Stream.concat(stepReads, sidecarReads).filter(Objects::nonNull).collect(Collectors.joining("\n"));
    return names(task.getSpec().getParams(), ParamSpec::getName).stream()
        .filter(p -> !reads.contains("$(params." + p + ")") && !reads.contains("$(params." + p + "[*])"))
        .map(p -> "param " + p + ": not used by the step's env, args or image")
        .toList();
  }

  /** Problems of the pipeline's tasks against the Tasks under tekton/ they reference. */
  private static List<String> wiring(Pipeline pipeline, Map<String, Task> tasks) {
    List<String> problems = new ArrayList<>();
    List<String> pipelineWorkspaces = names(pipeline.getSpec().getWorkspaces(), w -> w.getName());
    for (PipelineTask pt : pipeline.getSpec().getTasks()) {
      String ref = pt.getTaskRef() == null ? null : pt.getTaskRef().getName();
      Task task = tasks.get(ref);
      if (task == null) {
        problems.add(pt.getName() + ": taskRef " + ref + " is not a Task under tekton/tasks/");
        continue;
      }
      List<String> passed = names(pt.getParams(), p -> p.getName());
      for (ParamSpec param : task.getSpec().getParams()) {
        if (param.getDefault() == null && !passed.contains(param.getName())) {
          problems.add(pt.getName() + ": required param " + param.getName() + " of " + ref + " is not passed");
        }
      }
      List<String> declaredParams = names(task.getSpec().getParams(), ParamSpec::getName);
      passed.stream().filter(p -> !declaredParams.contains(p))
          .forEach(p -> problems.add(pt.getName() + ": " + ref + " has no param " + p));
      List<String> declared = names(task.getSpec().getWorkspaces(), WorkspaceDeclaration::getName);
      Optional.ofNullable(pt.getWorkspaces()).orElse(List.of()).forEach(binding -> {
        if (!declared.contains(binding.getName())) {
          problems.add(pt.getName() + ": " + ref + " has no workspace " + binding.getName());
        }
        if (!pipelineWorkspaces.contains(binding.getWorkspace())) {
          problems.add(pt.getName() + ": the pipeline has no workspace " + binding.getWorkspace());
        }
        // Tekton fails every run (RequiredWorkspaceMarkedOptional) of a Pipeline that does this, even when the Task is skipped.
        boolean optionalInPipeline = pipeline.getSpec().getWorkspaces().stream()
            .anyMatch(w -> w.getName().equals(binding.getWorkspace()) && Boolean.TRUE.equals(w.getOptional()));
        boolean requiredByTask = task.getSpec().getWorkspaces().stream()
            .anyMatch(w -> w.getName().equals(binding.getName()) && !Boolean.TRUE.equals(w.getOptional()));
        if (optionalInPipeline && requiredByTask) {
          problems.add(pt.getName() + ": optional pipeline workspace " + binding.getWorkspace() + " is bound to "
              + binding.getName() + ", which " + ref + " requires");
        }
      });
      List<String> bound = names(pt.getWorkspaces(), b -> b.getName());
      task.getSpec().getWorkspaces().stream()
          .filter(w -> !Boolean.TRUE.equals(w.getOptional()) && !bound.contains(w.getName()))
          .forEach(w -> problems.add(pt.getName() + ": required workspace " + w.getName() + " of " + ref + " is not bound"));
    }
    return problems;
  }

  private static Map<String, String> paramValues(PipelineTask task) {
    return task.getParams().stream().collect(Collectors.toMap(p -> p.getName(), p -> p.getValue().getStringVal()));
  }

  /** A one-step Task with the param bead-id and the given step fields. */
  private static Task task(String stepFields) throws JsonProcessingException {
    String step = "    - name: run\n      image: busybox:1.36\n" + stepFields.indent(6);
    return YAML.readValue("""
        apiVersion: tekton.dev/v1
        kind: Task
        metadata:
          name: sample
        spec:
          params:
            - name: bead-id
          steps:
        """ + step, Task.class);
  }

  private static Stream<DynamicTest> perTask(Function<Task, List<String>> rule) {
    return tasks().values().stream().map(t -> DynamicTest.dynamicTest(t.getMetadata().getName(),
        () -> assertEquals(List.of(), rule.apply(t))));
  }

  private static List<Document> documents() {
    return ManifestAssertions.documentsUnder(Fixtures.repoRoot().resolve("tekton"), file -> true);
  }

  private static Map<String, Task> tasks() {
    return byName(Task.class);
  }

  private static Map<String, Pipeline> pipelines() {
    return byName(Pipeline.class);
  }

  private static <T extends HasMetadata> Map<String, T> byName(Class<T> kind) {
    return documents().stream()
        .filter(d -> kind.getSimpleName().equals(d.tree().path("kind").asText()))
        .map(d -> assertInstanceOf(kind, parseExactly(d.tree())))
        .collect(Collectors.toMap(t -> t.getMetadata().getName(), t -> t));
  }

  private static <T> List<String> names(List<T> items, Function<T, String> name) {
    return items == null ? List.of() : items.stream().map(name).toList();
  }
}
