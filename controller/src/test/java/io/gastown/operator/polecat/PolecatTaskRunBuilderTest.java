package io.gastown.operator.polecat;

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
import io.gastown.operator.ManifestAssertions;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.steps.StepScripts;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PolecatTaskRunBuilderTest {

  private final StepScripts steps = StepScripts.bundled();
  private final PolecatTaskRunBuilder builder = new PolecatTaskRunBuilder(steps, OperatorConfig.defaults().agentDefaults());

  @Test
  void gitCloneTaskRunEmbedsTheBundledTaskWithTheSameParamsAsThePodMode() {
    Polecat polecat = tektonPolecat();
    TaskRun clone = builder.gitClone(polecat);

    assertEquals("polecat-my-worker-git-clone", clone.getMetadata().getName());
    assertEquals("gastown-workers", clone.getMetadata().getNamespace());
    assertEquals("my-worker", clone.getMetadata().getOwnerReferences().get(0).getName());
    assertEquals("gastown-operator", clone.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    assertEquals(AgentParams.gitClone(polecat.getSpec()), params(clone));
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
    TaskRun claude = builder.claude(polecat);

    assertEquals("polecat-api-key-worker-claude", claude.getMetadata().getName());
    Map<String, String> params = params(claude);
    assertEquals("issue-456", params.get("bead-id"));
    assertEquals("feature/issue-456", params.get("work-branch"));
    assertTrue(params.values().stream().noneMatch(v -> v.contains("anthropic-api-key")));
    EnvVar key = claude.getSpec().getPodTemplate().getEnv().get(0);
    assertEquals("ANTHROPIC_API_KEY", key.getName());
    assertEquals("anthropic-api-key", key.getValueFrom().getSecretKeyRef().getName());
    assertEquals("api-key", key.getValueFrom().getSecretKeyRef().getKey());
    assertEquals(Map.of("source", "polecat-api-key-worker-workspace"), claims(claude));
    assertTrue(claude.getSpec().getWorkspaces().stream().noneMatch(w -> w.getName().equals("claude-home")));
  }

  @Test
  void stepsRunWithTheGuidesRestrictedSecurityContextAndWritableHome() {
    TaskRun claude = builder.claude(tektonPolecat());

    var step = claude.getSpec().getTaskSpec().getStepTemplate();
    assertTrue(step.getSecurityContext().getReadOnlyRootFilesystem());
    assertEquals(65532L, step.getSecurityContext().getRunAsUser());
    assertFalse(step.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), step.getSecurityContext().getCapabilities().getDrop());
    assertEquals(new Quantity("4Gi"), step.getComputeResources().getLimits().get("memory"));
    assertEquals(List.of("/home/nonroot", "/tmp"), step.getVolumeMounts().stream().map(m -> m.getMountPath()).toList());
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

    TaskRun clone = builder.gitClone(polecat);
    assertNull(clone.getSpec().getTaskSpec());
    assertEquals("our-git-clone", clone.getSpec().getTaskRef().getName());
    TaskRun claude = builder.claude(polecat);
    assertEquals("git", claude.getSpec().getTaskRef().getAdditionalProperties().get("resolver"));
    assertEquals(List.of(Map.of("name", "url", "value", "https://github.com/myorg/tasks.git")),
        claude.getSpec().getTaskRef().getAdditionalProperties().get("params"));
  }

  @Test
  void workspaceClaimTakesSizeAndStorageClassFromTheSpec() {
    Polecat polecat = tektonPolecat();
    assertEquals(new Quantity("1Gi"), builder.workspace(polecat).getSpec().getResources().getRequests().get("storage"));

    TektonSpec tekton = new TektonSpec();
    tekton.setWorkspaceSize("5Gi");
    tekton.setStorageClassName("zonal-ssd");
    polecat.getSpec().setTekton(tekton);
    PersistentVolumeClaim claim = builder.workspace(polecat);
    assertEquals("polecat-my-worker-workspace", claim.getMetadata().getName());
    assertEquals(new Quantity("5Gi"), claim.getSpec().getResources().getRequests().get("storage"));
    assertEquals("zonal-ssd", claim.getSpec().getStorageClassName());
    assertEquals(List.of("ReadWriteOnce"), claim.getSpec().getAccessModes());
  }

  @Test
  void builtObjectsAreValidKubernetesAndTektonV1Objects() throws Exception {
    Polecat polecat = tektonPolecat();
    for (var object : List.of(builder.workspace(polecat), builder.gitClone(polecat), builder.claude(polecat))) {
      ManifestAssertions.parseExactly(ManifestAssertions.YAML.readTree(Serialization.asYaml(object)));
    }
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
}
