package io.gastown.operator.polecat;

import static io.gastown.operator.polecat.PolecatAssertions.assertCondition;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.Fixtures;
import io.gastown.operator.GastownOperator;
import io.gastown.operator.MovableClock;
import io.gastown.operator.api.polecat.ForgeProvider;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.TokenSecretReference;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.OperatorConfig;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * spec.pullRequest in executionMode kubernetes, against the mock API server: after the agent's pod
 * ended, the forge step runs in a pod of its own; the test plays kubelet for both.
 */
@EnableKubernetesMockClient(crud = true)
class PolecatPullRequestTest {

  static final String NS = Fixtures.NAMESPACE;
  static final String AGENT_POD = "polecat-my-worker";
  static final String PR_POD = "polecat-my-worker-pull-request";
  static final String OPENED = "{\"outcome\":\"opened\",\"url\":\"https://github.com/myorg/myrepo/pull/7\",\"number\":\"7\","
      + "\"comment-url\":\"https://github.com/myorg/myrepo/issues/42#issuecomment-1\",\"message\":\"opened pull request 7\"}";

  KubernetesMockServer server;
  KubernetesClient client;
  FakeKubelet kubelet;
  Operator operator;
  final MovableClock clock = new MovableClock();
  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startOperator() {
    kubelet = new FakeKubelet(client);
    Fixtures.createGuideSecrets(client);
    operator = start();
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
  }

  private Operator start() {
    Consumer<Event> collect = events::add;
    return GastownOperator.start(client, OperatorConfig.defaults().withSecretRetryDelay(Duration.ofMillis(300)), clock, collect);
  }

  @Test
  void aPushedRunOpensThePullRequestInAPodOfItsOwnThatAloneHoldsTheForgeToken() {
    client.resource(Fixtures.secret("forge-token", "token")).create();
    client.resource(polecatWithPullRequests("my-worker")).create();

    Pod agent = awaitPod(AGENT_POD);
    assertFalse(Serialization.asJson(agent.getSpec()).contains("forge-token"), "the agent's pod names no forge secret");
    awaitStatus(s -> assertCondition(s, "PullRequest", "Unknown", "Pending", "the forge step runs when the agent's run has ended"));
    assertNull(client.pods().inNamespace(NS).withName(PR_POD).get(), "nothing talks to the forge before the run ended");

    kubelet.succeeded(AGENT_POD, FakeKubelet.result("succeeded", "Fixed the rate limit\\nand its test"));
    Pod pr = awaitPod(PR_POD);
    assertEquals(1, pr.getSpec().getContainers().size());
    assertTrue(pr.getSpec().getInitContainers().isEmpty());
    Container step = pr.getSpec().getContainers().get(0);
    assertEquals("pull-request", step.getName());
    assertEquals(false, pr.getSpec().getAutomountServiceAccountToken());
    assertTrue(step.getSecurityContext().getReadOnlyRootFilesystem());
    assertTrue(step.getSecurityContext().getRunAsNonRoot());
    assertEquals(List.of("ALL"), step.getSecurityContext().getCapabilities().getDrop());
    Volume token = pr.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null).collect(Collectors.toList()).get(0);
    assertEquals(1, pr.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null).count(), "the token is its only secret");
    assertEquals("forge-token", token.getSecret().getSecretName());
    assertEquals("token", token.getSecret().getItems().get(0).getKey());
    assertEquals("token", token.getSecret().getItems().get(0).getPath());
    var mount = step.getVolumeMounts().stream().filter(m -> m.getName().equals(token.getName())).findFirst().orElseThrow();
    assertTrue(mount.getReadOnly());
    assertEquals(mount.getMountPath() + "/token", env(step, "TOKEN_FILE"));
    assertEquals("my-worker", pr.getMetadata().getLabels().get("gastown.gastown.io/polecat"));
    assertEquals("gastown-operator", pr.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    assertEquals("my-worker", pr.getMetadata().getOwnerReferences().get(0).getName());

    assertEquals("github", env(step, "FORGE_PROVIDER"));
    assertEquals("https://api.github.com", env(step, "FORGE_API_URL"));
    assertEquals("myorg/myrepo", env(step, "FORGE_REPOSITORY"));
    assertEquals("feature/issue-123", env(step, "HEAD_BRANCH"));
    assertEquals("main", env(step, "BASE_BRANCH"));
    assertEquals("issue-123: Fixed the rate limit", env(step, "PR_TITLE"));
    String body = env(step, "PR_BODY");
    for (String expected : List.of("Fixed the rate limit\nand its test", "`issue-123`", "`3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d`",
        "0.4213 USD", "| Turns | 12 |", "`gastown-workers/my-worker`")) {
      assertTrue(body.contains(expected), expected + " in " + body);
    }
    assertEquals("false", env(step, "PR_DRAFT"));
    assertEquals("true", env(step, "PR_OPEN"));
    assertEquals("42", env(step, "ISSUE"));
    assertTrue(env(step, "ISSUE_COMMENT").contains("finished bead `issue-123`: succeeded"), env(step, "ISSUE_COMMENT"));
    // The texts are data: the script is the Task's, word for word.
    assertFalse(String.join(" ", step.getCommand()).contains("Fixed the rate limit"));
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Done, s.getPhase());
      assertCondition(s, "PullRequest", "Unknown", "Running", "Pod " + PR_POD + " opens the pull request");
    });

    kubelet.onlyContainerEnded(PR_POD, "pull-request", 0, OPENED);
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Done, s.getPhase());
      assertEquals("opened", s.getPullRequest().getOutcome());
      assertEquals("https://github.com/myorg/myrepo/pull/7", s.getPullRequest().getUrl());
      assertEquals(7, s.getPullRequest().getNumber());
      assertEquals("https://github.com/myorg/myrepo/issues/42#issuecomment-1", s.getPullRequest().getCommentURL());
      assertCondition(s, "PullRequest", "True", "Opened", "opened pull request https://github.com/myorg/myrepo/pull/7");
    });
    Event opened = await().until(() -> event("my-worker", "PullRequestOpened"), Objects::nonNull);
    assertEquals("Normal", opened.getType());
    assertTrue(opened.getMessage().contains("https://github.com/myorg/myrepo/pull/7"));
  }

  @Test
  void aFailedRunWithAnIssueOnlyCommentsWithTheOutcomeAndTheReason() {
    client.resource(Fixtures.secret("forge-token", "token")).create();
    client.resource(polecatWithPullRequests("my-worker")).create();
    awaitPod(AGENT_POD);

    kubelet.runFailed(AGENT_POD, 1, FakeKubelet.result("push-refused",
        "Nothing was pushed: the agent's changes contain a secret value in the file leak.txt"));
    Container step = awaitPod(PR_POD).getSpec().getContainers().get(0);
    assertEquals("false", env(step, "PR_OPEN"));
    assertEquals("42", env(step, "ISSUE"));
    String comment = env(step, "ISSUE_COMMENT");
    assertTrue(comment.contains("did not finish bead `issue-123`: push-refused: Nothing was pushed: the agent's changes"
        + " contain a secret value in the file leak.txt"), comment);
    assertTrue(comment.contains("0.4213 USD, 12 turns"), comment);

    kubelet.onlyContainerEnded(PR_POD, "pull-request", 0,
        "{\"outcome\":\"commented\",\"comment-url\":\"https://github.com/myorg/myrepo/issues/42#issuecomment-2\"}");
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase());
      assertCondition(s, "Working", "False", "PushRefused", null);
      assertEquals("commented", s.getPullRequest().getOutcome());
      assertNull(s.getPullRequest().getUrl());
      assertCondition(s, "PullRequest", "True", "Commented",
          "commented on issue 42: https://github.com/myorg/myrepo/issues/42#issuecomment-2");
    });
    await().until(() -> event("my-worker", "IssueCommented"), Objects::nonNull);
  }

  @Test
  void withPullRequestsOffOrNothingToPostNoForgeStepRuns() {
    client.resource(Fixtures.secret("forge-token", "token")).create();
    Polecat off = polecatWithPullRequests("off");
    off.getSpec().getPullRequest().setEnabled(false);
    client.resource(off).create();
    Polecat noIssue = polecatWithPullRequests("no-issue");
    noIssue.getSpec().getPullRequest().setIssue(null);
    client.resource(noIssue).create();

    kubelet.succeeded(awaitPod("polecat-off").getMetadata().getName(), FakeKubelet.result("succeeded", "done"));
    kubelet.runFailed(awaitPod("polecat-no-issue").getMetadata().getName(), 1, FakeKubelet.result("agent-failed", "gave up"));
    PolecatAssertions.awaitStatus(client, "off", s -> assertEquals(PolecatPhase.Done, s.getPhase()));
    // A failed run with no issue to comment on posts nothing, and drops the condition it announced.
    PolecatAssertions.awaitStatus(client, "no-issue", s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase());
      assertTrue(s.getConditions().stream().noneMatch(c -> "PullRequest".equals(c.getType())), s.getConditions().toString());
    });
    PolecatStatus off2 = PolecatAssertions.status(client, "off");
    assertTrue(off2.getConditions().stream().noneMatch(c -> "PullRequest".equals(c.getType())));
    assertNull(off2.getPullRequest());
    assertEquals(List.of("polecat-no-issue", "polecat-off"), podNames());
  }

  @Test
  void aFailedForgeStepSetsPullRequestFalseWithItsMessageAndThePolecatStaysDone() {
    client.resource(Fixtures.secret("forge-token", "token")).create();
    client.resource(polecatWithPullRequests("my-worker")).create();
    kubelet.succeeded(awaitPod(AGENT_POD).getMetadata().getName(), FakeKubelet.result("succeeded", "done"));
    awaitPod(PR_POD);

    kubelet.onlyContainerEnded(PR_POD, "pull-request", 1,
        "{\"outcome\":\"failed\",\"message\":\"GitHub answered 401 Bad credentials for POST /repos/myorg/myrepo/pulls\"}");
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Done, s.getPhase());
      assertCondition(s, "Working", "False", "Completed", "Work completed");
      assertEquals("failed", s.getPullRequest().getOutcome());
      assertEquals("GitHub answered 401 Bad credentials for POST /repos/myorg/myrepo/pulls", s.getPullRequest().getMessage());
      assertCondition(s, "PullRequest", "False", "PullRequestFailed",
          "GitHub answered 401 Bad credentials for POST /repos/myorg/myrepo/pulls");
    });
    Event failed = await().until(() -> event("my-worker", "PullRequestFailed"), Objects::nonNull);
    assertEquals("Warning", failed.getType());
    assertNotNull(client.pods().inNamespace(NS).withName(PR_POD).get(), "a failed forge step keeps its logs until the TTL");
  }

  @Test
  void theForgeStepRunsOnceWhateverWakesTheReconcilerAndAfterARestart() {
    client.resource(Fixtures.secret("forge-token", "token")).create();
    client.resource(polecatWithPullRequests("my-worker")).create();
    kubelet.succeeded(awaitPod(AGENT_POD).getMetadata().getName(), FakeKubelet.result("succeeded", "done"));
    String uid = awaitPod(PR_POD).getMetadata().getUid();
    for (int i = 0; i < 3; i++) {
      touch("my-worker", i);
    }
    operator.stop();
    operator = start();
    touch("my-worker", 9);
    awaitStatus(s -> assertCondition(s, "PullRequest", "Unknown", "Running", null));
    assertEquals(uid, client.pods().inNamespace(NS).withName(PR_POD).get().getMetadata().getUid());

    kubelet.onlyContainerEnded(PR_POD, "pull-request", 0, OPENED);
    awaitStatus(s -> assertEquals("opened", s.getPullRequest().getOutcome()));
    // Done is done: a recorded outcome is never posted again, even when its pod is gone.
    client.pods().inNamespace(NS).withName(PR_POD).delete();
    await().until(() -> client.pods().inNamespace(NS).withName(PR_POD).get() == null);
    touch("my-worker", 10);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> client.pods().inNamespace(NS).withName(PR_POD).get() == null);
    awaitStatus(s -> assertCondition(s, "PullRequest", "True", "Opened", null));
    assertEquals(1, events.stream().filter(e -> "PullRequestOpened".equals(e.getReason())).count());
  }

  @Test
  void aRigsPolecatDefaultsSupplyTheForgeSettings() {
    client.resource(Fixtures.secret("gitlab-token", "api-token")).create();
    Rig rig = Fixtures.rigWithDefaults();
    PullRequestSpec defaults = new PullRequestSpec();
    defaults.setEnabled(true);
    defaults.setProvider(ForgeProvider.GITLAB);
    defaults.setApiURL("https://gitlab.example.com/api/v4");
    defaults.setTokenSecretRef(new TokenSecretReference("gitlab-token", "api-token"));
    defaults.setDraft(true);
    rig.getSpec().getPolecatDefaults().setPullRequest(defaults);
    client.resource(rig).create();
    Polecat polecat = Serialization.unmarshal(Fixtures.read("examples/rig-with-defaults.yaml").split("\n---\n")[1], Polecat.class);
    PullRequestSpec own = new PullRequestSpec();
    own.setIssue("17");
    polecat.getSpec().setPullRequest(own);
    client.resource(polecat).create();

    kubelet.succeeded(awaitPod("polecat-mp-42").getMetadata().getName(), FakeKubelet.result("feature/mp-42", "succeeded", ""));
    Pod pr = awaitPod("polecat-mp-42-pull-request");
    Container step = pr.getSpec().getContainers().get(0);
    assertEquals("gitlab", env(step, "FORGE_PROVIDER"));
    assertEquals("https://gitlab.example.com/api/v4", env(step, "FORGE_API_URL"));
    assertEquals("myorg/my-project", env(step, "FORGE_REPOSITORY"), "the path of the Rig's gitURL");
    assertEquals("true", env(step, "PR_DRAFT"));
    assertEquals("17", env(step, "ISSUE"));
    // No summary: the title comes from the task description.
    assertEquals("mp-42: Fix the flaky retry test in pkg/client", env(step, "PR_TITLE"));
    Volume token = pr.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
    assertEquals("gitlab-token", token.getSecret().getSecretName());
    assertEquals("api-token", token.getSecret().getItems().get(0).getKey());
    assertEquals("token", token.getSecret().getItems().get(0).getPath());
  }

  @Test
  void aMissingTokenSecretKeepsThePolecatPendingUntilItExists() {
    client.resource(polecatWithPullRequests("my-worker")).create();
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Pending, s.getPhase());
      Condition ready = assertCondition(s, "Ready", "False", "SecretNotFound", null);
      assertTrue(ready.getMessage().contains("Secret forge-token (spec.pullRequest.tokenSecretRef) not found"), ready.getMessage());
    });
    assertEquals("Warning", await().until(() -> event("my-worker", "SecretNotFound"), Objects::nonNull).getType());
    assertNull(client.pods().inNamespace(NS).withName(AGENT_POD).get());

    client.resource(Fixtures.secret("forge-token", "token")).create();
    awaitPod(AGENT_POD);
  }

  @Test
  void aTokenSecretDeletedDuringTheRunHoldsOnlyTheForgeStep() {
    client.resource(Fixtures.secret("forge-token", "token")).create();
    client.resource(polecatWithPullRequests("my-worker")).create();
    awaitPod(AGENT_POD);
    client.secrets().inNamespace(NS).withName("forge-token").delete();
    clock.advance(Duration.ofMinutes(10));  // past the operator's trust in a secret it has seen
    kubelet.succeeded(AGENT_POD, FakeKubelet.result("succeeded", "done"));
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Done, s.getPhase());
      Condition pr = assertCondition(s, "PullRequest", "Unknown", "SecretNotFound", null);
      assertTrue(pr.getMessage().endsWith("the forge step runs once it exists"), pr.getMessage());
    });
    assertNull(client.pods().inNamespace(NS).withName(PR_POD).get());

    client.resource(Fixtures.secret("forge-token", "token")).create();
    awaitPod(PR_POD);
  }

  @Test
  void enabledWithoutATokenSecretIsAnInvalidSpec() {
    Polecat polecat = polecatWithPullRequests("my-worker");
    polecat.getSpec().getPullRequest().setTokenSecretRef(null);
    client.resource(polecat).create();
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase());
      Condition ready = assertCondition(s, "Ready", "False", "InvalidSpec", null);
      assertTrue(ready.getMessage().contains("spec.pullRequest.tokenSecretRef.name must name the Secret"), ready.getMessage());
    });
  }

  @Test
  void theTtlWaitsForTheForgeStepThenDeletesItsPodWithTheAgentsPod() {
    client.resource(Fixtures.secret("forge-token", "token")).create();
    Polecat polecat = polecatWithPullRequests("my-worker");
    // The fake kubelet's runs ended long ago: the TTL is up as soon as the run ends.
    polecat.getSpec().setTtlSecondsAfterFinished(60);
    client.resource(polecat).create();
    kubelet.succeeded(awaitPod(AGENT_POD).getMetadata().getName(), FakeKubelet.result("succeeded", "done"));
    awaitPod(PR_POD);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
        .until(() -> podNames().equals(List.of(AGENT_POD, PR_POD)));

    kubelet.onlyContainerEnded(PR_POD, "pull-request", 1, "{\"outcome\":\"failed\",\"message\":\"no such repository\"}");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of(), podNames()));
    PolecatStatus status = PolecatAssertions.status(client, "my-worker");
    assertEquals(PolecatPhase.Done, status.getPhase());
    assertEquals("no such repository", status.getPullRequest().getMessage());
  }

  // --- helpers

  /** The guide's Polecat, its results going to GitHub issue 42 with the token of Secret forge-token. */
  static Polecat polecatWithPullRequests(String name) {
    Polecat polecat = Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class);
    polecat.getMetadata().setName(name);
    PullRequestSpec pr = new PullRequestSpec();
    pr.setEnabled(true);
    pr.setTokenSecretRef(new TokenSecretReference("forge-token", null));
    pr.setIssue("42");
    polecat.getSpec().setPullRequest(pr);
    return polecat;
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name));
  }

  /** A change of metadata only: the reconciler runs again, nothing else changes. */
  private void touch(String polecat, int n) {
    client.resources(Polecat.class).inNamespace(NS).withName(polecat)
        .edit(p -> {
          p.getMetadata().setAnnotations(Map.of("test/touch", String.valueOf(n)));
          return p;
        });
  }

  private List<String> podNames() {
    return client.pods().inNamespace(NS).list().getItems().stream().map(p -> p.getMetadata().getName()).sorted().toList();
  }

  private Pod awaitPod(String name) {
    return await().atMost(Duration.ofSeconds(15))
        .until(() -> client.pods().inNamespace(NS).withName(name).get(), p -> p != null);
  }

  private void awaitStatus(Consumer<PolecatStatus> assertion) {
    PolecatAssertions.awaitStatus(client, "my-worker", assertion);
  }

  private Event event(String polecat, String reason) {
    return events.stream().filter(e -> polecat.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
        .findFirst().orElse(null);
  }
}
