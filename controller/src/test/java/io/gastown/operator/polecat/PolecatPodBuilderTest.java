package io.gastown.operator.polecat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.gastown.operator.Fixtures;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.steps.StepScripts;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PolecatPodBuilderTest {

  private final StepScripts steps = StepScripts.bundled();
  private final PolecatPodBuilder builder = new PolecatPodBuilder(steps, OperatorConfig.defaults().agentDefaults());

  @Test
  void guidePolecatBecomesPodWithGitInitAndClaudeContainers() {
    Pod pod = builder.build(Fixtures.guidePolecat());

    assertEquals("polecat-my-worker", pod.getMetadata().getName());
    assertEquals("gastown-workers", pod.getMetadata().getNamespace());
    assertEquals(List.of("git-init"), pod.getSpec().getInitContainers().stream().map(Container::getName).toList());
    assertEquals(List.of("claude"), pod.getSpec().getContainers().stream().map(Container::getName).toList());
    assertEquals("Never", pod.getSpec().getRestartPolicy());
    assertEquals(3600L, pod.getSpec().getActiveDeadlineSeconds());
    assertEquals(new Quantity("4Gi"), claude(pod).getResources().getLimits().get("memory"));
    assertEquals(new Quantity("500m"), claude(pod).getResources().getRequests().get("cpu"));
  }

  @Test
  void podCarriesContractLabelsAndIsOwnedByThePolecat() {
    Polecat polecat = Fixtures.guidePolecat();
    Pod pod = builder.build(polecat);

    assertEquals(Map.of(
        "app.kubernetes.io/managed-by", "gastown-operator",
        "gastown.gastown.io/polecat", "my-worker",
        "gastown.gastown.io/rig", "my-project",
        "gastown.gastown.io/bead", "issue-123"), pod.getMetadata().getLabels());
    var owner = pod.getMetadata().getOwnerReferences().get(0);
    assertEquals("Polecat", owner.getKind());
    assertEquals(polecat.getMetadata().getUid(), owner.getUid());
    assertTrue(owner.getController());
  }

  @Test
  void everyContainerRunsWithTheGuidesRestrictedSecurityContext() {
    Pod pod = builder.build(Fixtures.guidePolecat());

    assertTrue(pod.getSpec().getSecurityContext().getRunAsNonRoot());
    assertEquals(65532L, pod.getSpec().getSecurityContext().getRunAsUser());
    assertEquals("RuntimeDefault", pod.getSpec().getSecurityContext().getSeccompProfile().getType());
    for (Container c : List.of(gitInit(pod), claude(pod))) {
      SecurityContext sc = c.getSecurityContext();
      assertTrue(sc.getRunAsNonRoot(), c.getName());
      assertEquals(65532L, sc.getRunAsUser(), c.getName());
      assertTrue(sc.getReadOnlyRootFilesystem(), c.getName());
      assertFalse(sc.getAllowPrivilegeEscalation(), c.getName());
      assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), c.getName());
      assertEquals("RuntimeDefault", sc.getSeccompProfile().getType(), c.getName());
    }
  }

  @Test
  void writablePathsAreEmptyDirsAndSecretsAreMountedReadOnly() {
    Pod pod = builder.build(Fixtures.guidePolecat());
    Map<String, Volume> volumes = pod.getSpec().getVolumes().stream()
        .collect(Collectors.toMap(Volume::getName, v -> v));

    for (String path : List.of("/workspace", "/home/nonroot", "/tmp")) {
      String volume = mountAt(claude(pod), path);
      assertTrue(volumes.get(volume).getEmptyDir() != null, path + " is an emptyDir");
    }
    assertEquals("git-ssh-key", volumes.get("git-ssh").getSecret().getSecretName());
    assertEquals("claude-home", volumes.get("claude-home").getSecret().getSecretName());
    claude(pod).getVolumeMounts().stream()
        .filter(m -> m.getName().equals("git-ssh") || m.getName().equals("claude-home"))
        .forEach(m -> assertTrue(m.getReadOnly(), m.getName()));
    assertEquals("/home/nonroot", env(claude(pod)).get("HOME"));
  }

  @Test
  void containersRunTheBundledTaskScriptsUnchanged() {
    Pod pod = builder.build(Fixtures.guidePolecat());

    String cloneScript = StepScripts.onlyStep(steps.gitClone()).getScript()
        .replace("$(results.commit.path)", "/gastown/results/git-clone/commit")
        .replace("$(results.url.path)", "/gastown/results/git-clone/url")
        .replace("$(results.branch.path)", "/gastown/results/git-clone/branch");
    assertEquals(cloneScript, gitInit(pod).getCommand().get(4));
    assertTrue(claude(pod).getCommand().get(4).startsWith(
        StepScripts.onlyStep(steps.claude()).getScript().lines().findFirst().orElseThrow()));
  }

  @Test
  void userValuesReachTheStepsOnlyThroughEnvironmentVariables() {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getSpec().setTaskDescription("fix it $(touch /tmp/pwned) `id`");
    Pod pod = builder.build(polecat);

    Map<String, String> gitEnv = env(gitInit(pod));
    assertEquals("git@github.com:myorg/myrepo.git", gitEnv.get("GIT_URL"));
    assertEquals("main", gitEnv.get("GIT_REVISION"));
    assertEquals("feature/issue-123", gitEnv.get("WORK_BRANCH"));
    Map<String, String> claudeEnv = env(claude(pod));
    assertEquals("issue-123", claudeEnv.get("BEAD_ID"));
    assertEquals("fix it $(touch /tmp/pwned) `id`", claudeEnv.get("TASK_DESCRIPTION"));
    for (Container c : List.of(gitInit(pod), claude(pod))) {
      String command = String.join("\n", c.getCommand());
      assertFalse(command.contains("issue-123"), c.getName() + " command line carries no user value");
      assertFalse(command.contains("myorg/myrepo"), c.getName() + " command line carries no user value");
      assertFalse(command.contains("$(params."), c.getName() + " has no unresolved params");
    }
  }

  @Test
  void apiKeyComesFromTheSecretKeyNeverFromTheSpec() {
    Pod pod = builder.build(Fixtures.apiKeyPolecat());

    EnvVar apiKey = claude(pod).getEnv().stream().filter(e -> e.getName().equals("ANTHROPIC_API_KEY")).findFirst().orElseThrow();
    assertNull(apiKey.getValue());
    assertEquals("anthropic-api-key", apiKey.getValueFrom().getSecretKeyRef().getName());
    assertEquals("api-key", apiKey.getValueFrom().getSecretKeyRef().getKey());
    assertEquals("false", env(claude(pod)).get("CLAUDE_HOME_BOUND"));
  }

  @Test
  void agentConfigSetsModelTurnsBaseUrlEnvAndArgs() {
    Polecat polecat = Fixtures.guidePolecat();
    AgentConfig agent = new AgentConfig();
    agent.setModel("claude-sonnet-4-5");
    agent.setMaxTurns(7);
    agent.setMaxBudgetUSD("2.50");
    agent.setBaseURL("https://llm.internal.example");
    agent.setEnv(List.of(new EnvVar("HTTPS_PROXY", "http://proxy:3128", null)));
    agent.setArgs(List.of("--append-system-prompt", "be brief"));
    polecat.getSpec().setAgentConfig(agent);
    polecat.getSpec().getKubernetes().setWorkBranch("agents/issue-123");

    Container claude = claude(builder.build(polecat));
    Map<String, String> env = env(claude);
    assertEquals("claude-sonnet-4-5", env.get("CLAUDE_MODEL"));
    assertEquals("7", env.get("MAX_TURNS"));
    assertEquals("2.50", env.get("MAX_BUDGET_USD"));
    assertEquals("https://llm.internal.example", env.get("GASTOWN_ANTHROPIC_BASE_URL"));
    assertEquals("http://proxy:3128", env.get("HTTPS_PROXY"));
    assertEquals("agents/issue-123", env.get("WORK_BRANCH"));
    List<String> command = claude.getCommand();
    assertEquals(List.of("--append-system-prompt", "be brief"), command.subList(5, command.size()));
  }

  @Test
  void theOperatorsModelEndpointAppliesWhereAPolecatNamesNone() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of("GASTOWN_ANTHROPIC_BASE_URL", "https://gateway.example.com"));
    PolecatPodBuilder withGateway = new PolecatPodBuilder(steps, config.agentDefaults());

    assertEquals("https://gateway.example.com", env(claude(withGateway.build(Fixtures.guidePolecat()))).get("GASTOWN_ANTHROPIC_BASE_URL"));
    assertEquals("", env(claude(builder.build(Fixtures.guidePolecat()))).get("GASTOWN_ANTHROPIC_BASE_URL"));
    Polecat own = Fixtures.guidePolecat();
    AgentConfig agent = new AgentConfig();
    agent.setBaseURL("https://llm.internal.example");
    own.getSpec().setAgentConfig(agent);
    assertEquals("https://llm.internal.example", env(claude(withGateway.build(own))).get("GASTOWN_ANTHROPIC_BASE_URL"));
  }

  @Test
  void podWithoutGitSecretMountsNoSshDirectory() {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getSpec().getKubernetes().setGitSecretRef(null);
    polecat.getSpec().getKubernetes().setGitRepository("https://github.com/myorg/myrepo.git");
    Pod pod = builder.build(polecat);

    assertTrue(pod.getSpec().getVolumes().stream().noneMatch(v -> v.getName().equals("git-ssh")));
    assertEquals("false", env(gitInit(pod)).get("SSH_DIRECTORY_BOUND"));
  }

  private static Container gitInit(Pod pod) {
    return pod.getSpec().getInitContainers().get(0);
  }

  private static Container claude(Pod pod) {
    return pod.getSpec().getContainers().get(0);
  }

  private static Map<String, String> env(Container c) {
    return c.getEnv().stream().filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue, (a, b) -> b));
  }

  private static String mountAt(Container c, String path) {
    return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst().orElseThrow().getName();
  }
}
