package io.gastown.operator.refinery;

import static io.gastown.operator.UserIdAssertions.assertFixedUserIds;
import static io.gastown.operator.UserIdAssertions.assertNoUserIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.EmbeddedTask;
import io.fabric8.tekton.v1.Param;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineTask;
import io.fabric8.tekton.v1.PipelineTaskRunSpec;
import io.fabric8.tekton.v1.TaskSpec;
import io.gastown.operator.InstalledTekton;
import io.gastown.operator.ManifestAssertions;
import io.gastown.operator.api.polecat.ForgeProvider;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.TaskReference;
import io.gastown.operator.api.polecat.TokenSecretReference;
import io.gastown.operator.api.refinery.MergeVia;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.common.UserIds;
import io.gastown.operator.steps.StepScripts;
import io.gastown.operator.tekton.InstalledTasks;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MergePipelineRunBuilderTest {

  /** The bundled Tasks of gastown-refinery-merge, in the order of its tasks. */
  private static final List<String> BUNDLED_TASKS =
      List.of("gastown-git-clone", "gastown-merge", "gastown-merge-test", "gastown-merge-push", "gastown-pull-request");

  private final MergePipelineRunBuilder builder = MergePipelineRunBuilder.bundled(OperatorConfig.DEFAULT_AGENT_IMAGE);
  private final Refinery refinery = MergeQueueTest.refinery();
  private final Polecat polecat = MergeQueueTest.done("my-worker", "2026-01-20T00:10:00Z");

  @Test
  void runIsNamedForRefineryPolecatAndAttemptAndOwnedByTheRefinery() {
    PipelineRun first = builder.build(refinery, polecat, 1);
    assertEquals("refinery-my-refinery-my-worker", first.getMetadata().getName());
    assertEquals("refinery-my-refinery-my-worker-3", builder.build(refinery, polecat, 3).getMetadata().getName());
    assertEquals("Refinery", first.getMetadata().getOwnerReferences().get(0).getKind());
    Map<String, String> labels = first.getMetadata().getLabels();
    assertEquals("gastown-operator", labels.get("app.kubernetes.io/managed-by"));
    assertEquals("my-refinery", labels.get("gastown.gastown.io/refinery"));
    assertEquals("my-worker", labels.get("gastown.gastown.io/polecat"));
    assertEquals("uid-my-worker", labels.get("gastown.gastown.io/polecat-uid"));
    assertEquals("1", labels.get("gastown.gastown.io/attempt"));
  }

  @Test
  void paramsCarryTheRefinerySettingsAndThePolecatBranch() {
    Map<String, String> params = builder.build(refinery, polecat, 1).getSpec().getParams().stream()
        .collect(Collectors.toMap(Param::getName, p -> p.getValue().getStringVal()));
    assertEquals(Map.of(
        "repo-url", "git@github.com:myorg/myrepo.git",
        "target-branch", "main",
        "source-branch", "feature/bead-my-worker",
        "source-commit", "3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d",
        "strategy", "merge",
        "test-command", "make test",
        "source-description", "polecat my-worker, bead bead-my-worker"), params);
  }

  @Test
  void bundledPipelineIsEmbeddedWithItsTasksInlinedAndRestricted() {
    PipelineRun run = builder.build(refinery, polecat, 1);
    List<PipelineTask> tasks = run.getSpec().getPipelineSpec().getTasks();
    assertEquals(List.of("clone", "merge", "run-tests", "push", "pull-request"), tasks.stream().map(PipelineTask::getName).toList());
    for (PipelineTask task : tasks) {
      assertNull(task.getTaskRef(), task.getName());
      assertTrue(task.getTaskSpec().getStepTemplate().getSecurityContext().getReadOnlyRootFilesystem());
      assertEquals(OperatorConfig.DEFAULT_AGENT_IMAGE, task.getTaskSpec().getSteps().get(0).getImage());
    }
    assertEquals(StepScripts.onlyStep(StepScripts.loadTask("tekton/tasks/merge.yaml")).getScript(),
        tasks.get(1).getTaskSpec().getSteps().get(0).getScript());
    assertEquals("git-ssh-key", run.getSpec().getWorkspaces().stream().filter(w -> w.getName().equals("ssh-directory"))
        .findFirst().orElseThrow().getSecret().getSecretName());
    assertTrue(run.getSpec().getTaskRunTemplate().getPodTemplate().getSecurityContext().getRunAsNonRoot());
  }

  @Test
  void pullRequestModePassesTheHeadBranchTheForgeAndTheTextsAsParams() {
    pullRequestMode(refinery);
    Map<String, String> params = params(builder.build(refinery, polecat, 1));
    assertEquals("pull-request", params.get("merge-via"));
    assertEquals("gastown/merge/feature/bead-my-worker", params.get("head-branch"));
    assertEquals("github", params.get("forge-provider"));
    assertEquals("https://api.github.com", params.get("forge-api-url"));
    // The repository comes from the path of git@github.com:myorg/myrepo.git.
    assertEquals("myorg/myrepo", params.get("forge-repository"));
    assertEquals("true", params.get("pull-request-draft"));
    assertEquals("Merge feature/bead-my-worker (bead bead-my-worker, Polecat my-worker)", params.get("pull-request-title"));
    String body = params.get("pull-request-body");
    for (String part : List.of("`my-worker`", "`bead-my-worker`", "3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d",
        "strategy merge", "make test", "`main`", "`gastown/merge/feature/bead-my-worker` belongs to the Refinery")) {
      assertTrue(body.contains(part), part + " in " + body);
    }
    // What push mode passes is unchanged.
    assertEquals("feature/bead-my-worker", params.get("source-branch"));
    assertEquals("main", params.get("target-branch"));
  }

  @Test
  void pushModePassesNoForgeParamsAndBindsNoToken() {
    PipelineRun run = builder.build(refinery, polecat, 1);
    assertTrue(params(run).keySet().stream().noneMatch(p -> p.startsWith("forge-") || p.startsWith("pull-request")
        || p.equals("merge-via") || p.equals("head-branch")), params(run).keySet().toString());
    assertEquals(List.of("source", "ssh-directory"), run.getSpec().getWorkspaces().stream().map(w -> w.getName()).toList());
  }

  @Test
  void forgeTokenIsMountedAsTheFileTokenForThePullRequestTaskAlone() {
    pullRequestMode(refinery);
    refinery.getSpec().getPullRequest().setTokenSecretRef(new TokenSecretReference("forge-token-secret", "github-pat"));
    PipelineRun run = builder.build(refinery, polecat, 1);
    var token = run.getSpec().getWorkspaces().stream().filter(w -> w.getName().equals("forge-token")).findFirst().orElseThrow();
    assertEquals("forge-token-secret", token.getSecret().getSecretName());
    assertEquals("github-pat", token.getSecret().getItems().get(0).getKey());
    assertEquals("token", token.getSecret().getItems().get(0).getPath());
    for (PipelineTask task : run.getSpec().getPipelineSpec().getTasks()) {
      List<String> bound = task.getWorkspaces().stream().map(w -> w.getWorkspace()).toList();
      assertEquals(task.getName().equals("pull-request"), bound.contains("forge-token"), task.getName() + " binds " + bound);
    }
  }

  @Test
  void forgeSettingsDefaultFromTheProviderAndTheGitUrl() {
    refinery.getSpec().setGitRepository("ssh://git@gitlab.example.com:2222/group/sub/project.git");
    pullRequestMode(refinery);
    refinery.getSpec().getPullRequest().setProvider(ForgeProvider.GITLAB);
    refinery.getSpec().getPullRequest().setDraft(null);
    Map<String, String> params = params(builder.build(refinery, polecat, 1));
    assertEquals("gitlab", params.get("forge-provider"));
    assertEquals("https://gitlab.com/api/v4", params.get("forge-api-url"));
    assertEquals("group/sub/project", params.get("forge-repository"));
    assertEquals("false", params.get("pull-request-draft"));
    assertEquals("myorg/myrepo", ForgeSettings.repositoryOf("https://github.com/myorg/myrepo").orElseThrow());
  }

  @Test
  void builtPullRequestRunIsAValidTektonV1PipelineRun() throws Exception {
    pullRequestMode(refinery);
    ManifestAssertions.parseExactly(ManifestAssertions.YAML.readTree(Serialization.asYaml(builder.build(refinery, polecat, 1))));
  }

  static void pullRequestMode(Refinery refinery) {
    refinery.getSpec().setMergeVia(MergeVia.PULL_REQUEST);
    PullRequestSpec forge = new PullRequestSpec();
    forge.setTokenSecretRef(new TokenSecretReference("github-token", "token"));
    forge.setDraft(true);
    refinery.getSpec().setPullRequest(forge);
  }

  private static Map<String, String> params(PipelineRun run) {
    return run.getSpec().getParams().stream().collect(Collectors.toMap(Param::getName, p -> p.getValue().getStringVal()));
  }

  @Test
  void pipelineRefReplacesTheBundledPipeline() {
    TaskReference ref = new TaskReference();
    ref.setName("our-merge");
    refinery.getSpec().setPipelineRef(ref);

    PipelineRun run = builder.build(refinery, polecat, 1);
    assertNull(run.getSpec().getPipelineSpec());
    assertEquals("our-merge", run.getSpec().getPipelineRef().getName());
  }

  /** Tekton copies an embedded Task's labels to its TaskRun; tkn taskrun list <task> fails on a labelled run without a taskRef. */
  @Test
  void noEmbeddedTaskCarriesTheTaskLabel() {
    List<PipelineTask> tasks = builder.build(refinery, polecat, 1).getSpec().getPipelineSpec().getTasks();
    assertEquals(5, tasks.size());
    tasks.forEach(t -> assertTrue(t.getTaskSpec().getMetadata() == null || t.getTaskSpec().getMetadata().getLabels() == null
        || !t.getTaskSpec().getMetadata().getLabels().containsKey("tekton.dev/task"), t.getName()));
  }

  @Test
  void withInstalledTasksTheRunReferencesTheInstalledPipelineThroughTheClusterResolver() {
    refinery.getSpec().setImage("registry.example.com/agent:2");
    PipelineRun embedded = builder.build(refinery, polecat, 1);
    PipelineRun run = referencing(UserIds.FIXED).build(refinery, polecat, 1);

    assertNull(run.getSpec().getPipelineSpec());
    assertEquals("cluster", run.getSpec().getPipelineRef().getAdditionalProperties().get("resolver"));
    assertEquals(List.of(Map.of("name", "kind", "value", "pipeline"), Map.of("name", "name", "value", "gastown-refinery-merge"),
        Map.of("name", "namespace", "value", "gastown-system")), run.getSpec().getPipelineRef().getAdditionalProperties().get("params"));
    Map<String, String> params = params(run);
    assertEquals("registry.example.com/agent:2", params.remove("image"));
    assertEquals(params(embedded), params);
    assertEquals(embedded.getSpec().getWorkspaces(), run.getSpec().getWorkspaces());
    assertEquals(embedded.getSpec().getTaskRunTemplate(), run.getSpec().getTaskRunTemplate());
    assertEquals(embedded.getSpec().getTimeouts(), run.getSpec().getTimeouts());
    assertEquals(embedded.getMetadata(), run.getMetadata());
  }

  /** Each Task of the installed Pipeline, with the run's image, stepSpecs and pod template, runs what the embedded one runs. */
  @Test
  void theInstalledPipelinesTasksRunTheSameContainersAsTheEmbeddedOnes() {
    refinery.getSpec().setImage("registry.example.com/agent:2");
    for (UserIds ids : UserIds.values()) {
      PipelineRun embedded = MergePipelineRunBuilder.bundled(OperatorConfig.DEFAULT_AGENT_IMAGE, ids, InstalledTasks.EMBEDDED)
          .build(refinery, polecat, 1);
      PipelineRun run = referencing(ids).build(refinery, polecat, 1);
      List<PipelineTask> tasks = embedded.getSpec().getPipelineSpec().getTasks();
      assertEquals(tasks.stream().map(PipelineTask::getName).toList(),
          run.getSpec().getTaskRunSpecs().stream().map(PipelineTaskRunSpec::getPipelineTaskName).toList());
      for (int i = 0; i < tasks.size(); i++) {
        EmbeddedTask task = Serialization.clone(tasks.get(i).getTaskSpec());
        String name = BUNDLED_TASKS.get(i);
        task.setMetadata(null);
        InstalledTekton.assertRunsAsEmbedded(Serialization.jsonMapper().convertValue(task, TaskSpec.class),
            InstalledTekton.task(name), run.getSpec().getTaskRunSpecs().get(i).getStepSpecs(),
            "registry.example.com/agent:2", run.getSpec().getTaskRunTemplate().getPodTemplate().getSecurityContext());
        assertEquals(MergePipelineRunBuilder.RESOURCES, run.getSpec().getTaskRunSpecs().get(i).getStepSpecs().get(0).getComputeResources());
      }
    }
  }

  @Test
  void pipelineRefWinsOverTheInstalledPipeline() {
    TaskReference ref = new TaskReference();
    ref.setName("our-merge");
    refinery.getSpec().setPipelineRef(ref);

    PipelineRun run = referencing(UserIds.FIXED).build(refinery, polecat, 1);
    assertEquals("our-merge", run.getSpec().getPipelineRef().getName());
    assertTrue(run.getSpec().getPipelineRef().getAdditionalProperties().isEmpty());
    assertEquals(List.of(), run.getSpec().getTaskRunSpecs());
    assertTrue(run.getSpec().getParams().stream().noneMatch(p -> p.getName().equals("image")));
  }

  private static MergePipelineRunBuilder referencing(UserIds ids) {
    return MergePipelineRunBuilder.bundled(OperatorConfig.DEFAULT_AGENT_IMAGE, ids, InstalledTekton.IN_GASTOWN_SYSTEM);
  }

  @Test
  void builtRunIsAValidTektonV1PipelineRun() throws Exception {
    ManifestAssertions.parseExactly(ManifestAssertions.YAML.readTree(Serialization.asYaml(builder.build(refinery, polecat, 1))));
  }

  @Test
  void aRunOfTheInstalledPipelineIsAValidTektonV1PipelineRun() throws Exception {
    ManifestAssertions.parseExactly(ManifestAssertions.YAML.readTree(Serialization.asYaml(referencing(UserIds.FIXED).build(refinery, polecat, 1))));
  }

  @Test
  void mergeRunPodsRunAsTheImagesUserUnlessThePlatformAssignsUserIds() {
    assertFixedUserIds(MergePipelineRunBuilder.bundled(OperatorConfig.DEFAULT_AGENT_IMAGE, UserIds.FIXED, InstalledTasks.EMBEDDED).build(refinery, polecat, 1));
    assertNoUserIds(MergePipelineRunBuilder.bundled(OperatorConfig.DEFAULT_AGENT_IMAGE, UserIds.ASSIGNED, InstalledTasks.EMBEDDED).build(refinery, polecat, 1));
    assertFixedUserIds(referencing(UserIds.FIXED).build(refinery, polecat, 1));
    assertNoUserIds(referencing(UserIds.ASSIGNED).build(refinery, polecat, 1));
  }
}
