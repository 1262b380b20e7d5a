package io.gastown.operator.polecat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.gastown.operator.Fixtures;
import io.gastown.operator.agent.Problem;
import io.gastown.operator.api.polecat.AgentConfig;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatReason;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.TokenSecretReference;
import io.gastown.operator.common.GitRefs;
import io.gastown.operator.common.ModelEndpoint;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PolecatValidatorTest {

  @Test
  void userGuidePolecatsAreValid() {
    assertEquals(Optional.empty(), PolecatValidator.validate(Fixtures.guidePolecat(), ModelEndpoint.anthropic()));
    assertEquals(Optional.empty(), PolecatValidator.validate(Fixtures.apiKeyPolecat(), ModelEndpoint.anthropic()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"x$(touch /tmp/pwned)", "a`id`", "a;rm -rf /", "two words", "-lead", "quote\"", "new\nline", ""})
  void beadIdsWithShellOrGitMetacharactersAreRejected(String beadID) {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getSpec().setBeadID(beadID);

    Problem problem = PolecatValidator.validate(polecat, ModelEndpoint.anthropic()).orElseThrow();
    assertEquals(PolecatReason.InvalidSpec, problem.reason());
    assertTrue(problem.message().startsWith("spec.beadID"), problem.message());
    assertFalse(problem.message().contains("\n"), "the message stays one line");
  }

  @Test
  void enabledPullRequestsNeedATokenSecretAndARepositoryTheForgeKnows() {
    Polecat polecat = Fixtures.guidePolecat();
    PullRequestSpec pr = new PullRequestSpec();
    pr.setEnabled(true);
    polecat.getSpec().setPullRequest(pr);
    polecat.getSpec().getKubernetes().setGitRepository("ssh://git@host:2222/");

    String message = PolecatValidator.validate(Fixtures.effective(polecat), ModelEndpoint.anthropic()).orElseThrow().message();
    assertEquals("spec.pullRequest.tokenSecretRef.name must name the Secret with the forge's API token"
        + " (spec.pullRequest.enabled is true); spec.pullRequest.repository is required: it cannot be read from"
        + " the git repository URL (set owner/repo or group/project)", message);

    pr.setTokenSecretRef(new TokenSecretReference("forge-token", null));
    pr.setRepository("org/repo");
    pr.setApiURL("ftp://forge.example");
    pr.setIssue("#12");
    message = PolecatValidator.validate(Fixtures.effective(polecat), ModelEndpoint.anthropic()).orElseThrow().message();
    assertTrue(message.contains("spec.pullRequest.apiURL \"ftp://forge.example\" must be an http(s) URL"), message);
    assertTrue(message.contains("spec.pullRequest.issue \"#12\" must be an issue number"), message);

    pr.setEnabled(false);
    assertEquals(Optional.empty(), PolecatValidator.validate(Fixtures.effective(polecat), ModelEndpoint.anthropic()),
        "disabled settings are not checked");
  }

  @ParameterizedTest
  @ValueSource(strings = {"feature/$(id)", "a..b", "a b", "end/", "x.lock", "-x", "a~1", "a:b", "we`ird`"})
  void badBranchNamesAreRejected(String branch) {
    assertFalse(GitRefs.isBranchName(branch), branch);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"feature/..x|must not contain '..'", "a//b|must not contain '//'",
      "end/|must not end with '/'", "x.lock|must not end with '.lock'", "x.|must not end with '.'",
      "-x|must start with a letter or a digit", "a b|may contain only letters, digits, '.', '_', '-' and '/'"})
  void aBadBranchNameIsToldWhatIsWrongWithIt(String branch, String why) {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getSpec().getKubernetes().setWorkBranch(branch);

    String message = PolecatValidator.validate(polecat, ModelEndpoint.anthropic()).orElseThrow().message();
    assertEquals("spec.kubernetes.workBranch " + GitRefs.quoted(branch) + " is not a valid branch name: it " + why, message);
  }

  @Test
  void everyProblemOfASpecIsReportedInOneMessage() {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getSpec().setBeadID("a;b");
    polecat.getSpec().getKubernetes().setGitBranch("main..x");
    polecat.getSpec().getKubernetes().setClaudeCredsSecretRef(null);

    String message = PolecatValidator.validate(polecat, ModelEndpoint.anthropic()).orElseThrow().message();
    String[] problems = message.split("; ");
    assertEquals(3, problems.length, message);
    assertTrue(problems[0].startsWith("spec.beadID"), message);
    assertTrue(problems[1].startsWith("spec.kubernetes.gitBranch \"main..x\""), message);
    assertTrue(problems[2].startsWith("set spec.kubernetes.claudeCredsSecretRef"), message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"main", "feature/issue-123", "release/1.2.x", "agents/bead_7"})
  void ordinaryBranchNamesAreAccepted(String branch) {
    assertTrue(GitRefs.isBranchName(branch), branch);
  }

  @ParameterizedTest
  @ValueSource(strings = {"git@github.com:myorg/myrepo.git", "ssh://git@git.internal:2222/team/repo.git",
      "https://gitlab.com/group/sub/repo.git", "https://gitea.local/repo"})
  void gitUrlsUsersWriteAreAccepted(String url) {
    assertTrue(GitRefs.isGitUrl(url), url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a url", "/local/path", "file:///etc", "git@github.com:org/repo.git; rm -rf /",
      "https://host/$(id)", "--upload-pack=touch /tmp/x", "ext::sh -c touch% /tmp/pwned"})
  void gitUrlsThatAreNotRemoteRepositoriesAreRejected(String url) {
    assertFalse(GitRefs.isGitUrl(url), url);
  }

  @Test
  void aPolecatNeedsOAuthCredentialsOrAnApiKey() {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getSpec().getKubernetes().setClaudeCredsSecretRef(null);

    String message = PolecatValidator.validate(polecat, ModelEndpoint.anthropic()).orElseThrow().message();
    assertTrue(message.contains("claudeCredsSecretRef") && message.contains("apiKeySecretRef"), message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HOME", "BEAD_ID", "TASK_DESCRIPTION", "SOURCE_DIR", "GASTOWN_RESULTS_DIR", "GASTOWN_ANYTHING"})
  void agentEnvMayNotReplaceTheVariablesTheStepsRunOn(String name) {
    Polecat polecat = Fixtures.guidePolecat();
    AgentConfig agent = new AgentConfig();
    agent.setEnv(List.of(new EnvVar(name, "x", null)));
    polecat.getSpec().setAgentConfig(agent);

    assertTrue(PolecatValidator.validate(polecat, ModelEndpoint.anthropic()).orElseThrow().message().contains(name));
  }

  @Test
  void namesTooLongForDerivedObjectNamesAreRejected() {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getMetadata().setName("a".repeat(46));

    assertTrue(PolecatValidator.validate(polecat, ModelEndpoint.anthropic()).orElseThrow().message().contains("metadata.name"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://models.example.com", "ftp://models.example.com", "https://user:pw@models.example.com",
      "https://models.example.com/?key=x", "not a url"})
  void baseUrlsThatWouldSendTheCredentialInTheClearOrAnywhereElseAreRejected(String url) {
    Polecat polecat = withBaseUrl(url);

    Problem problem = PolecatValidator.validate(polecat, ModelEndpoint.anthropic()).orElseThrow();
    assertEquals(PolecatReason.InvalidSpec, problem.reason());
    assertTrue(problem.message().contains("spec.agentConfig.baseURL"), problem.message());
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://models.example.com", "https://gateway.example.com:8443/anthropic", "http://127.0.0.1:8080",
      "http://localhost:4000"})
  void httpsAndLoopbackBaseUrlsAreAccepted(String url) {
    assertEquals(Optional.empty(), PolecatValidator.validate(withBaseUrl(url), ModelEndpoint.anthropic()));
  }

  @Test
  void plainHttpToAnotherHostIsAcceptedOnlyWhereTheOperatorAllowsIt() {
    Polecat polecat = withBaseUrl("http://10.244.0.1:8089");

    assertEquals(Optional.empty(), PolecatValidator.validate(polecat, new ModelEndpoint("", true)));
    assertTrue(PolecatValidator.validate(polecat, new ModelEndpoint("", false)).isPresent());
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://oauth2:ghp_token@github.com/myorg/myrepo.git", "https://ghp_token@github.com/myorg/myrepo.git"})
  void gitUrlsWithACredentialInThemAreRejectedWithAdviceToUseASecret(String url) {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getSpec().getKubernetes().setGitRepository(url);

    String message = PolecatValidator.validate(polecat, ModelEndpoint.anthropic()).orElseThrow().message();
    assertTrue(message.contains("carries a credential") && message.contains("gitSecretRef"), message);
    assertFalse(message.contains("ghp_token"), "the message repeats the credential: " + message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://github.com/myorg/myrepo.git", "git://github.com/myorg/myrepo.git", "/srv/git/repo.git",
      "file:///srv/git/repo.git", "ext::sh -c touch% /tmp/pwned", "-oProxyCommand=touch@host:repo"})
  void onlySshAndHttpsRepositoriesAreAccepted(String url) {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getSpec().getKubernetes().setGitRepository(url);

    assertTrue(PolecatValidator.validate(polecat, ModelEndpoint.anthropic()).orElseThrow().message()
        .contains("spec.kubernetes.gitRepository"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"git@github.com:myorg/myrepo.git", "ssh://git@git.example.com:2222/org/repo.git",
      "https://github.com/myorg/myrepo.git", "ssh://git@10.244.0.1:2222/srv/git/repo.git"})
  void sshAndHttpsRepositoriesAreAccepted(String url) {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getSpec().getKubernetes().setGitRepository(url);

    assertEquals(Optional.empty(), PolecatValidator.validate(polecat, ModelEndpoint.anthropic()));
  }

  @Test
  void agentEnvTakesLiteralValuesOnly() {
    Polecat polecat = Fixtures.guidePolecat();
    AgentConfig agent = new AgentConfig();
    agent.setEnv(List.of(new io.fabric8.kubernetes.api.model.EnvVarBuilder().withName("DB_PASSWORD")
        .withNewValueFrom().withNewSecretKeyRef("password", "database", false).endValueFrom().build()));
    polecat.getSpec().setAgentConfig(agent);

    String message = PolecatValidator.validate(polecat, ModelEndpoint.anthropic()).orElseThrow().message();
    assertTrue(message.contains("DB_PASSWORD") && message.contains("literal value only"), message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "CLAUDE_CODE_OAUTH_TOKEN", "PROXY_PORT", "GIT_URL"})
  void agentEnvMayNotSetTheCredentialsOrTheProxysVariables(String name) {
    Polecat polecat = Fixtures.guidePolecat();
    AgentConfig agent = new AgentConfig();
    agent.setEnv(List.of(new EnvVar(name, "x", null)));
    polecat.getSpec().setAgentConfig(agent);

    assertTrue(PolecatValidator.validate(polecat, ModelEndpoint.anthropic()).orElseThrow().message().contains(name));
  }

  private static Polecat withBaseUrl(String url) {
    Polecat polecat = Fixtures.guidePolecat();
    AgentConfig agent = new AgentConfig();
    agent.setBaseURL(url);
    polecat.getSpec().setAgentConfig(agent);
    return polecat;
  }

  @ParameterizedTest
  @ValueSource(ints = {46, 63, 64, 253})
  void aNameTooLongForTheNamesDerivedFromItSaysWhichNameAndWhichLimit(int length) {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getMetadata().setName("a".repeat(length));

    Problem problem = PolecatValidator.validate(polecat, ModelEndpoint.anthropic()).orElseThrow();
    assertEquals(PolecatReason.InvalidSpec, problem.reason());
    assertTrue(problem.message().startsWith("metadata.name must be at most 45 characters (it has " + length + ")"),
        problem.message());
    assertTrue(problem.message().contains("polecat-<name>-workspace") && problem.message().contains("63 characters of a label value"),
        problem.message());
  }

  @Test
  void theLongestNameWhoseDerivedNamesFitEveryAttemptIsValid() {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getMetadata().setName("a".repeat(45));

    assertEquals(Optional.empty(), PolecatValidator.validate(polecat, ModelEndpoint.anthropic()));
  }
}
