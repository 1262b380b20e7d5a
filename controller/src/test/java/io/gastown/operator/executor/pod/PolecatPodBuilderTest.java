package io.gastown.operator.executor.pod;

import static io.gastown.operator.UserIdAssertions.assertFixedUserIds;
import static io.gastown.operator.UserIdAssertions.assertNoUserIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.gastown.operator.Fixtures;
import io.gastown.operator.api.polecat.AgentConfig;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.SecretKeyReference;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.common.UserIds;
import io.gastown.operator.steps.StepScripts;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PolecatPodBuilderTest {

  private final StepScripts steps = StepScripts.bundled();
  private final PolecatPodBuilder builder = new PolecatPodBuilder(steps);

  @Test
  void guidePolecatBecomesPodWithGitInitAndClaudeContainers() {
    Pod pod = builder.build(Fixtures.effective(Fixtures.guidePolecat()));

    assertEquals("polecat-my-worker", pod.getMetadata().getName());
    assertEquals("gastown-workers", pod.getMetadata().getNamespace());
    assertEquals(List.of("git-init"), pod.getSpec().getInitContainers().stream().map(Container::getName).toList());
    assertEquals(List.of("claude", "push", "credential-proxy"),
        pod.getSpec().getContainers().stream().map(Container::getName).toList());
    assertEquals("Never", pod.getSpec().getRestartPolicy());
    assertEquals(3600L, pod.getSpec().getActiveDeadlineSeconds());
    assertEquals(new Quantity("4Gi"), claude(pod).getResources().getLimits().get("memory"));
    assertEquals(new Quantity("500m"), claude(pod).getResources().getRequests().get("cpu"));
  }

  @Test
  void podCarriesContractLabelsAndIsOwnedByThePolecat() {
    Polecat polecat = Fixtures.guidePolecat();
    Pod pod = builder.build(Fixtures.effective(polecat));

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
    Pod pod = builder.build(Fixtures.effective(Fixtures.guidePolecat()));

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
    Pod pod = builder.build(Fixtures.effective(Fixtures.guidePolecat()));
    Map<String, Volume> volumes = pod.getSpec().getVolumes().stream()
        .collect(Collectors.toMap(Volume::getName, v -> v));

    for (Container c : allContainers(pod)) {
      for (String path : List.of("/home/nonroot", "/tmp")) {
        String volume = mountAt(c, path);
        assertTrue(volumes.get(volume).getEmptyDir() != null, c.getName() + " " + path + " is an emptyDir");
      }
      assertEquals("/home/nonroot", env(c).get("HOME"));
      c.getVolumeMounts().stream().filter(m -> volumes.get(m.getName()).getSecret() != null)
          .forEach(m -> assertTrue(m.getReadOnly(), c.getName() + " mounts " + m.getName() + " read-only"));
    }
    assertTrue(volumes.get(mountAt(claude(pod), "/workspace")).getEmptyDir() != null);
    assertEquals("git-ssh-key", volumes.get("git-ssh").getSecret().getSecretName());
    assertEquals("claude-home", volumes.get("claude-home").getSecret().getSecretName());
  }

  @Test
  void everyContainerHasAHomeAndTmpOfItsOwn() {
    Pod pod = builder.build(Fixtures.effective(Fixtures.guidePolecat()));

    List<String> homes = allContainers(pod).stream().map(c -> mountAt(c, "/home/nonroot")).toList();
    List<String> tmps = allContainers(pod).stream().map(c -> mountAt(c, "/tmp")).toList();
    assertEquals(homes.size(), Set.copyOf(homes).size(), "shared HOME: " + homes);
    assertEquals(tmps.size(), Set.copyOf(tmps).size(), "shared /tmp: " + tmps);
  }

  @Test
  void theAgentsContainerMountsNoCredentialButACredentialsJson() {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getSpec().getKubernetes().setApiKeySecretRef(new SecretKeyReference("anthropic-api-key", "api-key"));
    Pod pod = builder.build(Fixtures.effective(polecat));

    assertEquals(List.of("workspace", "signals", "claude-credentials"), secretAndSharedMounts(claude(pod)));
    Volume credentials = volume(pod, "claude-credentials");
    assertEquals(List.of(".credentials.json"), credentials.getSecret().getItems().stream().map(i -> i.getKey()).toList());
    assertTrue(credentials.getSecret().getOptional());
    assertTrue(claude(pod).getEnv().stream().noneMatch(e -> e.getValueFrom() != null || e.getName().contains("API_KEY")),
        "no credential in the agent's env: " + claude(pod).getEnv());
    // The SSH key only where git talks to the remote; the model credentials only in the proxy and the push.
    assertEquals(List.of("workspace", "git-ssh"), secretAndSharedMounts(gitInit(pod)));
    assertEquals(List.of("workspace", "signals", "git-ssh", "api-key", "claude-home", "claude-credentials"),
        secretAndSharedMounts(container(pod, "push")));
    assertEquals(List.of("signals", "api-key", "claude-home"), secretAndSharedMounts(container(pod, "credential-proxy")));
    assertEquals(List.of("oauth-token"), volume(pod, "claude-home").getSecret().getItems().stream().map(i -> i.getKey()).toList());
  }

  @Test
  void thePushRunsAfterTheAgentsContainerEndedAndTheProxyStopsThen() {
    Pod pod = builder.build(Fixtures.effective(Fixtures.guidePolecat()));

    String done = env(claude(pod)).get("GASTOWN_DONE_FILE");
    assertEquals("/gastown/signals/claude.done", done);
    assertEquals("true", env(claude(pod)).get("GASTOWN_KILL_LEFTOVERS"));
    assertEquals(done, env(container(pod, "push")).get("GASTOWN_WAIT_FOR"));
    assertEquals(done, env(container(pod, "credential-proxy")).get("GASTOWN_STOP_WHEN"));
    assertTrue(container(pod, "push").getVolumeMounts().stream()
        .filter(m -> m.getName().equals("workspace")).allMatch(m -> Boolean.TRUE.equals(m.getReadOnly())));
    assertEquals("git@github.com:myorg/myrepo.git", env(container(pod, "push")).get("GIT_URL"));
  }

  @Test
  void containersRunTheBundledTaskScriptsUnchanged() {
    Pod pod = builder.build(Fixtures.effective(Fixtures.guidePolecat()));

    String cloneScript = StepScripts.onlyStep(steps.gitClone()).getScript()
        .replace("$(results.commit.path)", "/tmp/gastown-results/commit")
        .replace("$(results.url.path)", "/tmp/gastown-results/url")
        .replace("$(results.branch.path)", "/tmp/gastown-results/branch");
    assertEquals(cloneScript, gitInit(pod).getCommand().get(4));
    assertEquals(StepScripts.step(steps.claude(), "claude").getScript(), claude(pod).getCommand().get(4));
    assertEquals(StepScripts.sidecar(steps.claude(), "credential-proxy").getScript(),
        container(pod, "credential-proxy").getCommand().get(4));
    String push = StepScripts.step(steps.claude(), "push").getScript();
    for (String result : List.of("branch", "commit", "pushed", "outcome", "summary", "cost-usd", "num-turns", "session-id")) {
      push = push.replace("$(results." + result + ".path)", "/tmp/gastown-results/" + result);
    }
    assertEquals(push, container(pod, "push").getCommand().get(4));
  }

  @Test
  void userValuesReachTheStepsOnlyThroughEnvironmentVariables() {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getSpec().setTaskDescription("fix it $(touch /tmp/pwned) `id`");
    Pod pod = builder.build(Fixtures.effective(polecat));

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
    Pod pod = builder.build(Fixtures.effective(Fixtures.apiKeyPolecat()));

    Volume apiKey = volume(pod, "api-key");
    assertEquals("anthropic-api-key", apiKey.getSecret().getSecretName());
    assertEquals("api-key", apiKey.getSecret().getItems().get(0).getKey());
    assertEquals("api-key", apiKey.getSecret().getItems().get(0).getPath());
    assertEquals("true", env(container(pod, "credential-proxy")).get("API_KEY_BOUND"));
    assertEquals("/etc/gastown/api-key", env(container(pod, "credential-proxy")).get("API_KEY_DIR"));
    assertEquals("false", env(claude(pod)).get("CLAUDE_CREDENTIALS_BOUND"));
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

    Container claude = claude(builder.build(Fixtures.effective(polecat)));
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
    PolecatPodBuilder withGateway = new PolecatPodBuilder(steps);

    assertEquals("https://gateway.example.com", env(claude(withGateway.build(Fixtures.effective(Fixtures.guidePolecat(), config.agentDefaults())))).get("GASTOWN_ANTHROPIC_BASE_URL"));
    assertEquals("", env(claude(builder.build(Fixtures.effective(Fixtures.guidePolecat())))).get("GASTOWN_ANTHROPIC_BASE_URL"));
    Polecat own = Fixtures.guidePolecat();
    AgentConfig agent = new AgentConfig();
    agent.setBaseURL("https://llm.internal.example");
    own.getSpec().setAgentConfig(agent);
    assertEquals("https://llm.internal.example", env(claude(withGateway.build(Fixtures.effective(own, config.agentDefaults())))).get("GASTOWN_ANTHROPIC_BASE_URL"));
  }

  @Test
  void aPolecatWithoutResourcesGetsBoundedDefaultsAndEveryEmptyDirASizeLimit() {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getSpec().getKubernetes().setResources(null);
    Pod pod = builder.build(Fixtures.effective(polecat));

    for (Container c : List.of(gitInit(pod), claude(pod))) {
      assertEquals(new Quantity("4Gi"), c.getResources().getLimits().get("memory"), c.getName());
      assertEquals(new Quantity("10Gi"), c.getResources().getLimits().get("ephemeral-storage"), c.getName());
      assertEquals(new Quantity("250m"), c.getResources().getRequests().get("cpu"), c.getName());
    }
    pod.getSpec().getVolumes().stream().filter(v -> v.getEmptyDir() != null)
        .forEach(v -> assertNotNull(v.getEmptyDir().getSizeLimit(), v.getName() + " has no sizeLimit"));
  }

  @Test
  void podWithoutGitSecretMountsNoSshDirectory() {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getSpec().getKubernetes().setGitSecretRef(null);
    polecat.getSpec().getKubernetes().setGitRepository("https://github.com/myorg/myrepo.git");
    Pod pod = builder.build(Fixtures.effective(polecat));

    assertTrue(pod.getSpec().getVolumes().stream().noneMatch(v -> v.getName().equals("git-ssh")));
    assertEquals("false", env(gitInit(pod)).get("SSH_DIRECTORY_BOUND"));
  }

  private static List<Container> allContainers(Pod pod) {
    List<Container> all = new java.util.ArrayList<>(pod.getSpec().getInitContainers());
    all.addAll(pod.getSpec().getContainers());
    return all;
  }

  private static Container container(Pod pod, String name) {
    return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  private static Volume volume(Pod pod, String name) {
    return pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
  }

  /** The mounts a container shares with others or that hold a secret: everything but its own HOME and /tmp. */
  private static List<String> secretAndSharedMounts(Container c) {
    return c.getVolumeMounts().stream().map(m -> m.getName())
        .filter(n -> !n.startsWith("home-") && !n.startsWith("tmp-")).toList();
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

  @Test
  void agentPodsRunAsTheImagesUserUnlessThePlatformAssignsUserIds() {
    Polecat polecat = Fixtures.effective(Fixtures.guidePolecat());

    assertFixedUserIds(new PolecatPodBuilder(steps, UserIds.FIXED).build(polecat));
    assertNoUserIds(new PolecatPodBuilder(steps, UserIds.ASSIGNED).build(polecat));
  }
}
