package io.gastown.operator.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.Fixtures;
import io.gastown.operator.api.polecat.AgentConfig;
import io.gastown.operator.api.polecat.ExecutionMode;
import io.gastown.operator.api.polecat.ForgeProvider;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatTemplate;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.SecretKeyReference;
import io.gastown.operator.api.polecat.SecretReference;
import io.gastown.operator.api.polecat.TektonSpec;
import io.gastown.operator.api.polecat.TokenSecretReference;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.AgentDefaults;
import io.gastown.operator.common.ModelEndpoint;
import org.junit.jupiter.api.Test;

class PolecatDefaultsTest {

  private final AgentDefaults operator = new AgentDefaults("agent:operator", new ModelEndpoint("https://gateway.example", false));

  @Test
  void aPolecatWithNoRigGetsTheOperatorsDefaults() {
    Polecat effective = PolecatDefaults.resolve(Fixtures.apiKeyPolecat(), null, operator);

    KubernetesSpec k8s = effective.getSpec().getKubernetes();
    assertEquals(ExecutionMode.KUBERNETES, effective.getSpec().getExecutionMode());
    assertEquals("main", k8s.getGitBranch());
    assertEquals("feature/issue-456", k8s.getWorkBranch());
    assertEquals("agent:operator", k8s.getImage());
    assertEquals(3600L, k8s.getActiveDeadlineSeconds());
    assertEquals(PolecatDefaults.RESOURCES, k8s.getResources());
    assertEquals("api-key", k8s.getApiKeySecretRef().getKey());
    assertEquals("1Gi", effective.getSpec().getTekton().getWorkspaceSize());
    assertEquals(50, effective.getSpec().getAgentConfig().getMaxTurns());
    assertEquals("https://gateway.example", effective.getSpec().getAgentConfig().getBaseURL());
    assertNull(effective.getSpec().getTtlSecondsAfterFinished());
  }

  @Test
  void aRigFillsWhatThePolecatLeavesUnsetAndThePolecatsOwnValuesWin() {
    Polecat polecat = minimalPolecat();
    polecat.getSpec().setKubernetes(new KubernetesSpec());
    polecat.getSpec().getKubernetes().setImage("agent:own");
    AgentConfig ownAgent = new AgentConfig();
    ownAgent.setModel("claude-own");
    polecat.getSpec().setAgentConfig(ownAgent);

    Polecat effective = PolecatDefaults.resolve(polecat, rig(), operator);

    KubernetesSpec k8s = effective.getSpec().getKubernetes();
    assertEquals("git@github.com:acme/api.git", k8s.getGitRepository());
    assertEquals("develop", k8s.getGitBranch());
    assertEquals("feature/ap-7", k8s.getWorkBranch());
    assertEquals("agent:own", k8s.getImage());
    assertEquals(900L, k8s.getActiveDeadlineSeconds());
    assertEquals("rig-ssh", k8s.getGitSecretRef().getName());
    assertEquals("rig-api", k8s.getApiKeySecretRef().getName());
    assertEquals("anthropic", k8s.getApiKeySecretRef().getKey());
    assertEquals(new Quantity("8Gi"), k8s.getResources().getLimits().get("memory"));
    assertEquals("agents", k8s.getServiceAccountName());
    assertEquals(ExecutionMode.TEKTON, effective.getSpec().getExecutionMode());
    assertEquals("5Gi", effective.getSpec().getTekton().getWorkspaceSize());
    assertEquals("claude-own", effective.getSpec().getAgentConfig().getModel());
    assertEquals(20, effective.getSpec().getAgentConfig().getMaxTurns());
    assertEquals(600, effective.getSpec().getTtlSecondsAfterFinished());
  }

  @Test
  void resolvingLeavesThePolecatItselfUntouched() {
    Polecat polecat = minimalPolecat();
    String before = Serialization.asJson(polecat);

    Polecat effective = PolecatDefaults.resolve(polecat, rig(), operator);

    assertEquals(before, Serialization.asJson(polecat));
    assertSame(polecat.getMetadata(), effective.getMetadata());
  }

  @Test
  void resolvingAnEffectiveSpecAgainChangesNothing() {
    Polecat once = PolecatDefaults.resolve(minimalPolecat(), rig(), operator);
    Polecat twice = PolecatDefaults.resolve(once, null, operator);

    assertEquals(Serialization.asJson(once.getSpec()), Serialization.asJson(twice.getSpec()));
  }

  @Test
  void pullRequestSettingsComeFieldByFieldFromThePolecatThenItsRigThenTheDefaults() {
    Polecat polecat = minimalPolecat();
    PullRequestSpec own = new PullRequestSpec();
    own.setIssue("12");
    own.setDraft(false);
    polecat.getSpec().setPullRequest(own);
    Rig rig = rig();
    PullRequestSpec fromRig = new PullRequestSpec();
    fromRig.setEnabled(true);
    fromRig.setProvider(ForgeProvider.GITLAB);
    fromRig.setDraft(true);
    fromRig.setTokenSecretRef(new TokenSecretReference("forge", null));
    rig.getSpec().getPolecatDefaults().setPullRequest(fromRig);

    PullRequestSpec pr = PolecatDefaults.resolve(polecat, rig, operator).getSpec().getPullRequest();

    assertEquals(true, pr.getEnabled());
    assertEquals(ForgeProvider.GITLAB, pr.getProvider());
    assertEquals("https://gitlab.com/api/v4", pr.getApiURL());
    assertEquals("acme/api", pr.getRepository());
    assertEquals("forge", pr.getTokenSecretRef().getName());
    assertEquals("token", pr.getTokenSecretRef().getKey());
    assertEquals(false, pr.getDraft(), "the Polecat's own false wins over the Rig's true");
    assertEquals("develop", pr.getBaseBranch(), "the branch the Polecat clones");
    assertEquals(true, pr.getCommentOnIssue());
    assertEquals("12", pr.getIssue());
    assertNull(PolecatDefaults.resolve(minimalPolecat(), rig(), operator).getSpec().getPullRequest(), "nobody asked for pull requests");
  }

  @Test
  void theRepositoryDefaultsToThePathOfTheGitUrlAfterItsHost() {
    assertEquals("org/repo", PolecatDefaults.repositoryPath("git@github.com:org/repo.git"));
    assertEquals("org/repo", PolecatDefaults.repositoryPath("https://github.com/org/repo"));
    assertEquals("org/repo", PolecatDefaults.repositoryPath("https://github.com/org/repo.git/"));
    assertEquals("group/sub/project", PolecatDefaults.repositoryPath("ssh://git@gitlab.example.com/group/sub/project.git"));
    assertEquals("srv/git/org/repo", PolecatDefaults.repositoryPath("ssh://git@host:2222/srv/git/org/repo.git"));
    assertEquals("org/repo", PolecatDefaults.repositoryPath("git@gitlab.example.com:/org/repo.git"));
    assertNull(PolecatDefaults.repositoryPath("https://github.com/"));
    assertNull(PolecatDefaults.repositoryPath(null));
  }

  static Polecat minimalPolecat() {
    Polecat polecat = new Polecat();
    polecat.getMetadata().setName("ap-7");
    polecat.getMetadata().setNamespace("team");
    polecat.getSpec().setRig("api");
    polecat.getSpec().setBeadID("ap-7");
    return polecat;
  }

  static Rig rig() {
    Rig rig = new Rig();
    rig.getMetadata().setName("api");
    rig.getSpec().setGitURL("git@github.com:acme/api.git");
    rig.getSpec().setBeadsPrefix("ap");
    PolecatTemplate defaults = new PolecatTemplate();
    defaults.setExecutionMode(ExecutionMode.TEKTON);
    KubernetesSpec k8s = new KubernetesSpec();
    k8s.setGitBranch("develop");
    k8s.setImage("agent:rig");
    k8s.setActiveDeadlineSeconds(900L);
    k8s.setGitSecretRef(new SecretReference("rig-ssh"));
    SecretKeyReference apiKey = new SecretKeyReference();
    apiKey.setName("rig-api");
    apiKey.setKey("anthropic");
    k8s.setApiKeySecretRef(apiKey);
    k8s.setResources(new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("8Gi")).build());
    k8s.setServiceAccountName("agents");
    defaults.setKubernetes(k8s);
    TektonSpec tekton = new TektonSpec();
    tekton.setWorkspaceSize("5Gi");
    defaults.setTekton(tekton);
    AgentConfig agent = new AgentConfig();
    agent.setModel("claude-rig");
    agent.setMaxTurns(20);
    defaults.setAgentConfig(agent);
    defaults.setTtlSecondsAfterFinished(600);
    rig.getSpec().setPolecatDefaults(defaults);
    return rig;
  }
}
