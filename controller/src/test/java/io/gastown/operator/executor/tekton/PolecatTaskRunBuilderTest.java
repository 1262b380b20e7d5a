package io.gastown.operator.executor.tekton;

import static io.gastown.operator.UserIdAssertions.assertFixedUserIds;
import static io.gastown.operator.UserIdAssertions.assertNoUserIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.Param;
import io.fabric8.tekton.v1.TaskRun;
import io.fabric8.tekton.v1.WorkspaceBinding;
import io.gastown.operator.Fixtures;
import io.gastown.operator.InstalledTekton;
import io.gastown.operator.ManifestAssertions;
import io.gastown.operator.agent.AgentParams;
import io.gastown.operator.api.polecat.AgentConfig;
import io.gastown.operator.api.polecat.ExecutionMode;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.ResolverParam;
import io.gastown.operator.api.polecat.TaskReference;
import io.gastown.operator.api.polecat.TektonSpec;
import io.gastown.operator.api.polecat.TokenSecretReference;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.common.UserIds;
import io.gastown.operator.steps.StepScripts;
import io.gastown.operator.tekton.InstalledTasks;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PolecatTaskRunBuilderTest {

  private final StepScripts steps = StepScripts.bundled();
  private final PolecatTaskRunBuilder builder = new PolecatTaskRunBuilder(steps);

  @Test
  void gitCloneTaskRunEmbedsTheBundledTaskWithTheSameParamsAsThePodMode() {
    Polecat polecat = tektonPolecat();
    TaskRun clone = builder.gitClone(Fixtures.effective(polecat));

    assertEquals("polecat-my-worker-git-clone", clone.getMetadata().getName());
    assertEquals("gastown-workers", clone.getMetadata().getNamespace());
    assertEquals("my-worker", clone.getMetadata().getOwnerReferences().get(0).getName());
    assertEquals("gastown-operator", clone.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    assertEquals(AgentParams.gitClone(Fixtures.effective(polecat).getSpec()), params(clone));
    assertEquals(StepScripts.onlyStep(steps.gitClone()).getScript(), clone.getSpec().getTaskSpec().getSteps().get(0).getScript());
    assertEquals(OperatorConfig.DEFAULT_AGENT_IMAGE, clone.getSpec().getTaskSpec().getSteps().get(0).getImage());
    assertEquals(Map.of("output", "polecat-my-worker-workspace"), claims(clone));
    assertEquals("git-ssh-key", workspace(clone, "ssh-directory").getSecret().getSecretName());
    assertEquals(3600L, clone.getSpec().getTimeout().getDuration().getSeconds());
  }

  @Test
  void claudeTaskRunGetsSecretsAsWorkspacesAndEnvNeverAsParams() {
    Polecat polecat = Fixtures.stored(Serialization.unmarshal(Fixtures.read("examples/polecat-api-key.yaml"), Polecat.class));
    polecat.getSpec().setExecutionMode(ExecutionMode.TEKTON);
    TaskRun claude = builder.claude(Fixtures.effective(polecat));

    assertEquals("polecat-api-key-worker-claude", claude.getMetadata().getName());
    Map<String, String> params = params(claude);
    assertEquals("issue-456", params.get("bead-id"));
    assertEquals("feature/issue-456", params.get("work-branch"));
    assertTrue(params.values().stream().noneMatch(v -> v.contains("anthropic-api-key")));
    assertEquals("git@github.com:myorg/myrepo.git", params.get("repo-url"));
    // The key is a workspace the Task mounts in the proxy and the push step only; no env of any container holds it.
    var key = workspace(claude, "api-key").getSecret();
    assertEquals("anthropic-api-key", key.getSecretName());
    assertEquals("api-key", key.getItems().get(0).getKey());
    assertEquals("api-key", key.getItems().get(0).getPath());
    assertNull(claude.getSpec().getPodTemplate().getEnv());
    assertEquals(Map.of("source", "polecat-api-key-worker-workspace"), claims(claude));
    assertTrue(claude.getSpec().getWorkspaces().stream().noneMatch(w -> w.getName().equals("claude-home")));
  }

  @Test
  void eachCredentialWorkspaceIsMountedOnlyInTheStepsThatNeedIt() {
    TaskRun claude = builder.claude(Fixtures.effective(tektonPolecat()));
    var spec = claude.getSpec().getTaskSpec();

    assertEquals(List.of("source", "claude-credentials"), stepWorkspaces(spec, "claude"));
    assertEquals(List.of("source", "ssh-directory", "api-key", "claude-home", "claude-credentials"), stepWorkspaces(spec, "push"));
    assertEquals(List.of("api-key", "claude-home"), spec.getSidecars().get(0).getWorkspaces().stream().map(w -> w.getName()).toList());
    assertEquals(List.of(".credentials.json"), workspace(claude, "claude-credentials").getSecret().getItems().stream()
        .map(i -> i.getKey()).toList());
    assertEquals(List.of("oauth-token"), workspace(claude, "claude-home").getSecret().getItems().stream()
        .map(i -> i.getKey()).toList());
    assertEquals("git-ssh-key", workspace(claude, "ssh-directory").getSecret().getSecretName());
  }

  @Test
  void agentEnvReachesTheAgentsStepOnly() {
    Polecat polecat = tektonPolecat();
    AgentConfig agent = new AgentConfig();
    agent.setEnv(List.of(new EnvVar("HTTPS_PROXY", "http://proxy:3128", null)));
    polecat.getSpec().setAgentConfig(agent);
    var spec = builder.claude(Fixtures.effective(polecat)).getSpec().getTaskSpec();

    assertTrue(StepScripts.step(taskOf(spec), "claude").getEnv().stream().anyMatch(e -> e.getName().equals("HTTPS_PROXY")));
    assertTrue(StepScripts.step(taskOf(spec), "push").getEnv().stream().noneMatch(e -> e.getName().equals("HTTPS_PROXY")));
  }

  @Test
  void stepsRunWithTheGuidesRestrictedSecurityContextAndWritableHome() {
    TaskRun claude = builder.claude(Fixtures.effective(tektonPolecat()));

    var spec = claude.getSpec().getTaskSpec();
    var step = spec.getStepTemplate();
    assertTrue(step.getSecurityContext().getReadOnlyRootFilesystem());
    assertEquals(65532L, step.getSecurityContext().getRunAsUser());
    assertFalse(step.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), step.getSecurityContext().getCapabilities().getDrop());
    assertEquals(new Quantity("4Gi"), step.getComputeResources().getLimits().get("memory"));
    for (var s : spec.getSteps()) {
      assertEquals(List.of("home-" + s.getName(), "tmp-" + s.getName()),
          s.getVolumeMounts().stream().map(m -> m.getName()).toList(), "a HOME and /tmp of its own for " + s.getName());
    }
    var sidecar = spec.getSidecars().get(0);
    assertTrue(sidecar.getSecurityContext().getReadOnlyRootFilesystem());
    assertEquals(List.of("/home/nonroot", "/tmp"), sidecar.getVolumeMounts().stream().map(m -> m.getMountPath()).toList());
    assertTrue(claude.getSpec().getPodTemplate().getSecurityContext().getRunAsNonRoot());
    assertEquals("claude-home", workspace(claude, "claude-home").getSecret().getSecretName());
  }

  @Test
  void taskRefOverrideReplacesTheEmbeddedTaskWithANamespaceTaskOrAResolver() {
    Polecat polecat = tektonPolecat();
    TektonSpec tekton = new TektonSpec();
    TaskReference local = new TaskReference();
    local.setName("our-git-clone");
    TaskReference remote = new TaskReference();
    remote.setResolver("git");
    ResolverParam url = new ResolverParam();
    url.setName("url");
    url.setValue("https://github.com/myorg/tasks.git");
    remote.setParams(List.of(url));
    tekton.setGitCloneTaskRef(local);
    tekton.setClaudeTaskRef(remote);
    polecat.getSpec().setTekton(tekton);

    TaskRun clone = builder.gitClone(Fixtures.effective(polecat));
    assertNull(clone.getSpec().getTaskSpec());
    assertEquals("our-git-clone", clone.getSpec().getTaskRef().getName());
    TaskRun claude = builder.claude(Fixtures.effective(polecat));
    assertEquals("git", claude.getSpec().getTaskRef().getAdditionalProperties().get("resolver"));
    assertEquals(List.of(Map.of("name", "url", "value", "https://github.com/myorg/tasks.git")),
        claude.getSpec().getTaskRef().getAdditionalProperties().get("params"));
  }

  @Test
  void withInstalledTasksBothTaskRunsReferenceThemThroughTheClusterResolver() {
    Polecat polecat = Fixtures.effective(tektonPolecat());
    polecat.getSpec().getKubernetes().setImage("registry.example.com/agent:2");
    PolecatTaskRunBuilder referencing = new PolecatTaskRunBuilder(steps, UserIds.FIXED, InstalledTekton.IN_GASTOWN_SYSTEM);
    TaskRun embeddedClone = builder.gitClone(polecat);
    TaskRun embeddedClaude = builder.claude(polecat);

    TaskRun clone = referencing.gitClone(polecat);
    TaskRun claude = referencing.claude(polecat);
    for (TaskRun run : List.of(clone, claude)) {
      assertNull(run.getSpec().getTaskSpec());
      assertEquals("cluster", run.getSpec().getTaskRef().getAdditionalProperties().get("resolver"));
      assertEquals("registry.example.com/agent:2", params(run).get("image"), "the Polecat's image, as a param");
    }
    assertEquals(List.of(Map.of("name", "kind", "value", "task"), Map.of("name", "name", "value", "gastown-git-clone"),
        Map.of("name", "namespace", "value", "gastown-system")), clone.getSpec().getTaskRef().getAdditionalProperties().get("params"));
    assertEquals(List.of(Map.of("name", "kind", "value", "task"), Map.of("name", "name", "value", "gastown-claude"),
        Map.of("name", "namespace", "value", "gastown-system")), claude.getSpec().getTaskRef().getAdditionalProperties().get("params"));
    // Everything else the embedded runs pass stays the same.
    Map<String, String> cloneParams = params(clone);
    cloneParams.remove("image");
    assertEquals(params(embeddedClone), cloneParams);
    assertEquals(params(embeddedClaude), params(claude));
    assertEquals(embeddedClaude.getSpec().getWorkspaces(), claude.getSpec().getWorkspaces());
    assertEquals(embeddedClone.getSpec().getWorkspaces(), clone.getSpec().getWorkspaces());
    assertEquals(embeddedClaude.getSpec().getPodTemplate(), claude.getSpec().getPodTemplate());
    assertEquals(embeddedClaude.getSpec().getTimeout(), claude.getSpec().getTimeout());
    assertEquals(embeddedClaude.getSpec().getServiceAccountName(), claude.getSpec().getServiceAccountName());
  }

  /** The installed copies carry what the operator adds to an embedded Task: a run of either runs the same containers. */
  @Test
  void aTaskRunOfAnInstalledTaskRunsTheSameContainersAsAnEmbeddedOne() {
    Polecat polecat = Fixtures.effective(tektonPolecat());
    polecat.getSpec().getKubernetes().setImage("registry.example.com/agent:2");
    for (UserIds ids : UserIds.values()) {
      TaskRun embeddedClone = new PolecatTaskRunBuilder(steps, ids, InstalledTasks.EMBEDDED).gitClone(polecat);
      TaskRun embeddedClaude = new PolecatTaskRunBuilder(steps, ids, InstalledTasks.EMBEDDED).claude(polecat);
      PolecatTaskRunBuilder referencing = new PolecatTaskRunBuilder(steps, ids, InstalledTekton.IN_GASTOWN_SYSTEM);
      TaskRun clone = referencing.gitClone(polecat);
      TaskRun claude = referencing.claude(polecat);

      InstalledTekton.assertRunsAsEmbedded(embeddedClone.getSpec().getTaskSpec(), InstalledTekton.task("gastown-git-clone"),
          clone.getSpec().getStepSpecs(), "registry.example.com/agent:2", clone.getSpec().getPodTemplate().getSecurityContext());
      InstalledTekton.assertRunsAsEmbedded(embeddedClaude.getSpec().getTaskSpec(), InstalledTekton.task("gastown-claude"),
          claude.getSpec().getStepSpecs(), "registry.example.com/agent:2", claude.getSpec().getPodTemplate().getSecurityContext());
      assertEquals(polecat.getSpec().getKubernetes().getResources(), claude.getSpec().getStepSpecs().get(0).getComputeResources());
    }
  }

  /**
   * Tekton labels a run of a referenced Task with its name, and tkn taskrun list <task> lists only
   * runs whose ref says kind Task (it fails on a labelled run without a taskRef, so embedded runs
   * carry no such label).
   */
  @Test
  void referencedRunsSayKindTaskAndEmbeddedOnesCarryNoTaskLabel() {
    Polecat polecat = Fixtures.effective(tektonPolecat());
    PolecatTaskRunBuilder referencing = new PolecatTaskRunBuilder(steps, UserIds.FIXED, InstalledTekton.IN_GASTOWN_SYSTEM);
    for (TaskRun run : List.of(referencing.gitClone(polecat), referencing.claude(polecat))) {
      assertEquals("Task", run.getSpec().getTaskRef().getKind());
    }
    for (TaskRun run : List.of(builder.gitClone(polecat), builder.claude(polecat))) {
      assertFalse(run.getMetadata().getLabels().containsKey("tekton.dev/task"), run.getMetadata().getName());
    }
  }

  /** The forge step's run is listed under its Task like the others, and referenced or embedded it runs the same containers. */
  @Test
  void thePullRequestRunReferencesTheInstalledTaskLikeTheOtherRuns() {
    Polecat polecat = Fixtures.effective(tektonPolecat());
    polecat.getSpec().getKubernetes().setImage("registry.example.com/agent:2");
    PullRequestSpec pr = new PullRequestSpec();
    pr.setTokenSecretRef(new TokenSecretReference("forge", "pat"));
    polecat.getSpec().setPullRequest(pr);
    Map<String, String> params = Map.of("provider", "github", "title", "gt-1: done");
    PolecatTaskRunBuilder referencing = new PolecatTaskRunBuilder(steps, UserIds.FIXED, InstalledTekton.IN_GASTOWN_SYSTEM);
    TaskRun embedded = builder.pullRequest(polecat, params);
    TaskRun referenced = referencing.pullRequest(polecat, params);

    assertEquals(embedded.getSpec().getWorkspaces(), referenced.getSpec().getWorkspaces());
    assertEquals(embedded.getSpec().getPodTemplate(), referenced.getSpec().getPodTemplate());
    assertNull(referenced.getSpec().getTaskSpec());
    assertEquals("Task", referenced.getSpec().getTaskRef().getKind());
    assertEquals(List.of(Map.of("name", "kind", "value", "task"), Map.of("name", "name", "value", "gastown-pull-request"),
        Map.of("name", "namespace", "value", "gastown-system")), referenced.getSpec().getTaskRef().getAdditionalProperties().get("params"));
    Map<String, String> passed = params(referenced);
    assertEquals("registry.example.com/agent:2", passed.remove("image"));
    assertEquals(params(embedded), passed);
    InstalledTekton.assertRunsAsEmbedded(embedded.getSpec().getTaskSpec(), InstalledTekton.task("gastown-pull-request"),
        referenced.getSpec().getStepSpecs(), "registry.example.com/agent:2", referenced.getSpec().getPodTemplate().getSecurityContext());
  }

  /** A referenced Task cannot give env to one step: agentConfig.env keeps the agent's step alone by embedding it. */
  @Test
  void aPolecatWithAgentEnvEmbedsItsClaudeTaskEvenWithInstalledTasks() {
    Polecat polecat = tektonPolecat();
    AgentConfig agent = new AgentConfig();
    agent.setEnv(List.of(new EnvVar("HTTPS_PROXY", "http://proxy:3128", null)));
    polecat.getSpec().setAgentConfig(agent);
    PolecatTaskRunBuilder referencing = new PolecatTaskRunBuilder(steps, UserIds.FIXED, InstalledTekton.IN_GASTOWN_SYSTEM);

    TaskRun claude = referencing.claude(Fixtures.effective(polecat));
    assertNull(claude.getSpec().getTaskRef());
    assertTrue(StepScripts.step(taskOf(claude.getSpec().getTaskSpec()), "claude").getEnv().stream()
        .anyMatch(e -> e.getName().equals("HTTPS_PROXY")));
    assertTrue(StepScripts.step(taskOf(claude.getSpec().getTaskSpec()), "push").getEnv().stream()
        .noneMatch(e -> e.getName().equals("HTTPS_PROXY")));
    assertNull(claude.getSpec().getPodTemplate().getEnv());
    assertFalse(claude.getMetadata().getLabels().containsKey("tekton.dev/task"));
    assertEquals("cluster", referencing.gitClone(Fixtures.effective(polecat)).getSpec().getTaskRef().getAdditionalProperties().get("resolver"));
  }

  @Test
  void aTaskRefOverrideWinsOverTheInstalledTasks() {
    Polecat polecat = tektonPolecat();
    TaskReference local = new TaskReference();
    local.setName("our-git-clone");
    TektonSpec tekton = new TektonSpec();
    tekton.setGitCloneTaskRef(local);
    polecat.getSpec().setTekton(tekton);
    PolecatTaskRunBuilder referencing = new PolecatTaskRunBuilder(steps, UserIds.FIXED, InstalledTekton.IN_GASTOWN_SYSTEM);

    TaskRun clone = referencing.gitClone(Fixtures.effective(polecat));
    assertEquals("our-git-clone", clone.getSpec().getTaskRef().getName());
    assertTrue(clone.getSpec().getTaskRef().getAdditionalProperties().isEmpty());
    assertFalse(params(clone).containsKey("image"));
    assertEquals(List.of(), clone.getSpec().getStepSpecs());
    assertFalse(clone.getMetadata().getLabels().containsKey("tekton.dev/task"), "Tekton sets it to the override's name");
  }

  @Test
  void workspaceClaimTakesSizeAndStorageClassFromTheSpec() {
    Polecat polecat = tektonPolecat();
    assertEquals(new Quantity("1Gi"), builder.workspace(Fixtures.effective(polecat)).getSpec().getResources().getRequests().get("storage"));

    TektonSpec tekton = new TektonSpec();
    tekton.setWorkspaceSize("5Gi");
    tekton.setStorageClassName("zonal-ssd");
    polecat.getSpec().setTekton(tekton);
    PersistentVolumeClaim claim = builder.workspace(Fixtures.effective(polecat));
    assertEquals("polecat-my-worker-workspace", claim.getMetadata().getName());
    assertEquals(new Quantity("5Gi"), claim.getSpec().getResources().getRequests().get("storage"));
    assertEquals("zonal-ssd", claim.getSpec().getStorageClassName());
    assertEquals(List.of("ReadWriteOnce"), claim.getSpec().getAccessModes());
  }

  @Test
  void builtObjectsAreValidKubernetesAndTektonV1Objects() throws Exception {
    Polecat polecat = tektonPolecat();
    PolecatTaskRunBuilder referencing = new PolecatTaskRunBuilder(steps, UserIds.FIXED, InstalledTekton.IN_GASTOWN_SYSTEM);
    for (var object : List.of(builder.workspace(Fixtures.effective(polecat)), builder.gitClone(Fixtures.effective(polecat)), builder.claude(Fixtures.effective(polecat)),
        referencing.gitClone(Fixtures.effective(polecat)), referencing.claude(Fixtures.effective(polecat)))) {
      ManifestAssertions.parseExactly(ManifestAssertions.YAML.readTree(Serialization.asYaml(object)));
    }
  }

  private static List<String> stepWorkspaces(io.fabric8.tekton.v1.TaskSpec spec, String step) {
    return StepScripts.step(taskOf(spec), step).getWorkspaces().stream().map(w -> w.getName()).toList();
  }

  private static io.fabric8.tekton.v1.Task taskOf(io.fabric8.tekton.v1.TaskSpec spec) {
    var task = new io.fabric8.tekton.v1.Task();
    task.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("embedded").build());
    task.setSpec(spec);
    return task;
  }

  private static Polecat tektonPolecat() {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getSpec().setExecutionMode(ExecutionMode.TEKTON);
    return polecat;
  }

  private static Map<String, String> params(TaskRun run) {
    return run.getSpec().getParams().stream()
        .filter(p -> p.getValue().getStringVal() != null)
        .collect(Collectors.toMap(Param::getName, p -> p.getValue().getStringVal()));
  }

  private static Map<String, String> claims(TaskRun run) {
    return run.getSpec().getWorkspaces().stream().filter(w -> w.getPersistentVolumeClaim() != null)
        .collect(Collectors.toMap(WorkspaceBinding::getName, w -> w.getPersistentVolumeClaim().getClaimName()));
  }

  private static WorkspaceBinding workspace(TaskRun run, String name) {
    return run.getSpec().getWorkspaces().stream().filter(w -> w.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void taskRunPodsRunAsTheImagesUserUnlessThePlatformAssignsUserIds() {
    Polecat polecat = Fixtures.effective(tektonPolecat());
    PolecatTaskRunBuilder fixed = new PolecatTaskRunBuilder(steps, UserIds.FIXED, InstalledTasks.EMBEDDED);
    PolecatTaskRunBuilder assigned = new PolecatTaskRunBuilder(steps, UserIds.ASSIGNED, InstalledTasks.EMBEDDED);

    assertFixedUserIds(fixed.gitClone(polecat));
    assertFixedUserIds(fixed.claude(polecat));
    assertNoUserIds(assigned.gitClone(polecat));
    assertNoUserIds(assigned.claude(polecat));
    PolecatTaskRunBuilder fixedReferencing = new PolecatTaskRunBuilder(steps, UserIds.FIXED, InstalledTekton.IN_GASTOWN_SYSTEM);
    PolecatTaskRunBuilder assignedReferencing = new PolecatTaskRunBuilder(steps, UserIds.ASSIGNED, InstalledTekton.IN_GASTOWN_SYSTEM);
    assertFixedUserIds(fixedReferencing.claude(polecat));
    assertNoUserIds(assignedReferencing.claude(polecat));
  }

  @Test
  void aTaskRefOverrideGetsAPodTemplateWithoutUserIdsWhenThePlatformAssignsThem() {
    Polecat polecat = tektonPolecat();
    TaskReference ref = new TaskReference();
    ref.setName("my-claude");
    TektonSpec tekton = new TektonSpec();
    tekton.setClaudeTaskRef(ref);
    polecat.getSpec().setTekton(tekton);

    assertNoUserIds(new PolecatTaskRunBuilder(steps, UserIds.ASSIGNED, InstalledTasks.EMBEDDED).claude(Fixtures.effective(polecat)));
  }
}
