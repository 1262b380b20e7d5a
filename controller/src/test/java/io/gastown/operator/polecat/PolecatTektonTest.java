package io.gastown.operator.polecat;

import static io.gastown.operator.polecat.PolecatAssertions.assertCondition;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.TaskRun;
import io.gastown.operator.Fixtures;
import io.gastown.operator.GastownOperator;
import io.gastown.operator.api.polecat.DesiredState;
import io.gastown.operator.api.polecat.ExecutionMode;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.polecat.TaskRunState;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.tekton.InstalledTasks;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tekton execution mode against the mock API server; the test plays the Tekton controller. */
@EnableKubernetesMockClient(crud = true)
class PolecatTektonTest {

  static final String NS = Fixtures.NAMESPACE;
  static final String CLONE = "polecat-my-worker-git-clone";
  static final String CLAUDE = "polecat-my-worker-claude";

  KubernetesMockServer server;
  KubernetesClient client;
  FakeTekton tekton;
  Operator operator;
  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startOperatorOnAClusterWithTekton() {
    FakeTekton.install(server);
    tekton = new FakeTekton(client);
    Fixtures.createGuideSecrets(client);
    operator = start();
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
  }

  private Operator start() {
    return GastownOperator.start(client, OperatorConfig.defaults().withSecretRetryDelay(Duration.ofMillis(300)),
        Clock.systemUTC(), events::add);
  }

  @Test
  void guidePolecatOnTektonRunsCloneThenClaudeAndEndsInTheSameFinalStatusAsPodMode() {
    applyTektonPolecat();

    TaskRun clone = awaitTaskRun(CLONE);
    assertEquals("gastown-git-clone", clone.getSpec().getTaskSpec() == null ? null : "gastown-git-clone");
    assertFalse(clone.getMetadata().getLabels().containsKey("tekton.dev/task"), "tkn taskrun list <task> fails on a labelled run without a taskRef");
    PersistentVolumeClaim workspace = client.persistentVolumeClaims().inNamespace(NS).withName("polecat-my-worker-workspace").get();
    assertNotNull(workspace);
    assertEquals("Polecat", workspace.getMetadata().getOwnerReferences().get(0).getKind());
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Pending, s.getPhase());
      assertCondition(s, "Ready", "True", "TaskRunsCreated", "TaskRuns created successfully");
    });
    assertNull(client.resources(TaskRun.class).inNamespace(NS).withName(CLAUDE).get(), "claude waits for the clone");

    tekton.succeeded(CLONE, Map.of("commit", "1111111", "url", "git@github.com:myorg/myrepo.git", "branch", "feature/issue-123"));
    awaitTaskRun(CLAUDE);
    tekton.running(CLAUDE);
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Working, s.getPhase());
      assertEquals(List.of("Succeeded", "Running"), s.getTaskRuns().stream().map(TaskRunState::getState).toList());
    });

    tekton.succeeded(CLAUDE, FakeTekton.claudeResults("succeeded", "Fixed the rate limit"));
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Done, s.getPhase());
      assertCondition(s, "Working", "False", "Completed", "Work completed");
      assertEquals("3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d", s.getCommit());
      assertEquals("feature/issue-123", s.getBranch());
      assertTrue(s.getPushed());
      assertEquals("0.4213", s.getCostUSD());
      assertEquals(12, s.getNumTurns());
      assertEquals("Fixed the rate limit", s.getSummary());
      assertEquals(List.of(CLONE, CLAUDE), s.getTaskRuns().stream().map(TaskRunState::getName).toList());
      assertNull(s.getPodName());
    });
    // The credentials warning is written beside the first transition, in either order.
    await().untilAsserted(() -> assertEquals(List.of("AgentReadsCredentials", "Pending", "Running", "Completed"),
        PolecatAssertions.warningFirst(reasons(), "AgentReadsCredentials")));
  }

  /** config/install.yaml's setting: the runs reference the Tasks it installs, and the Polecat ends as with embedded ones. */
  @Test
  void withTheTasksInstalledInGastownSystemBothTaskRunsReferenceThemAndThePolecatEndsTheSame() {
    operator.stop();
    operator = GastownOperator.start(client, OperatorConfig.defaults().withSecretRetryDelay(Duration.ofMillis(300))
        .withTektonTasks(new InstalledTasks("gastown-system")), Clock.systemUTC(), events::add);
    applyTektonPolecat();

    TaskRun clone = awaitTaskRun(CLONE);
    assertReferences(clone, "gastown-git-clone");
    assertEquals("ghcr.io/gastown-operator/agent:0.1.0", param(clone, "image"));
    tekton.succeeded(CLONE, Map.of("commit", "1111111", "url", "git@github.com:myorg/myrepo.git", "branch", "feature/issue-123"));
    TaskRun claude = awaitTaskRun(CLAUDE);
    assertReferences(claude, "gastown-claude");
    assertEquals("issue-123", param(claude, "bead-id"));
    assertEquals("claude-home", claude.getSpec().getWorkspaces().stream().filter(w -> w.getName().equals("claude-home"))
        .findFirst().orElseThrow().getSecret().getSecretName());
    tekton.succeeded(CLAUDE, FakeTekton.claudeResults("succeeded", "Fixed the rate limit"));
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Done, s.getPhase());
      assertEquals("3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d", s.getCommit());
      assertEquals("Fixed the rate limit", s.getSummary());
    });
  }

  private static void assertReferences(TaskRun run, String task) {
    assertNull(run.getSpec().getTaskSpec(), run.getMetadata().getName());
    assertEquals("cluster", run.getSpec().getTaskRef().getAdditionalProperties().get("resolver"));
    assertEquals(List.of(Map.of("name", "kind", "value", "task"), Map.of("name", "name", "value", task),
        Map.of("name", "namespace", "value", "gastown-system")), run.getSpec().getTaskRef().getAdditionalProperties().get("params"));
    assertEquals("Task", run.getSpec().getTaskRef().getKind(), "what tkn taskrun list <task> lists");
    assertFalse(run.getSpec().getStepSpecs().isEmpty(), "the step resources");
  }

  private static String param(TaskRun run, String name) {
    return run.getSpec().getParams().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow()
        .getValue().getStringVal();
  }

  @Test
  void aPushedRunOnTektonOpensThePullRequestInATaskRunOfItsOwnWithTheTokenAsItsOnlyWorkspace() {
    client.resource(Fixtures.secret("forge-token", "token")).create();
    Polecat polecat = PolecatPullRequestTest.polecatWithPullRequests("my-worker");
    polecat.getSpec().setExecutionMode(ExecutionMode.TEKTON);
    client.resource(polecat).create();
    String pullRequest = "polecat-my-worker-pull-request";

    tekton.succeeded(awaitTaskRun(CLONE).getMetadata().getName(), Map.of("commit", "1111111"));
    TaskRun claude = awaitTaskRun(CLAUDE);
    assertTrue(claude.getSpec().getWorkspaces().stream().noneMatch(w -> w.getSecret() != null
        && "forge-token".equals(w.getSecret().getSecretName())), "the agent's TaskRun has no forge token");
    assertNull(client.resources(TaskRun.class).inNamespace(NS).withName(pullRequest).get());
    tekton.succeeded(CLAUDE, FakeTekton.claudeResults("succeeded", "Fixed the rate limit"));

    TaskRun pr = awaitTaskRun(pullRequest);
    assertEquals(1, pr.getSpec().getWorkspaces().size());
    var token = pr.getSpec().getWorkspaces().get(0);
    assertEquals("forge-token", token.getName());
    assertEquals("forge-token", token.getSecret().getSecretName());
    assertEquals("token", token.getSecret().getItems().get(0).getKey());
    assertEquals("token", token.getSecret().getItems().get(0).getPath());
    assertEquals(false, pr.getSpec().getPodTemplate().getAutomountServiceAccountToken());
    assertTrue(pr.getSpec().getTaskSpec().getStepTemplate().getSecurityContext().getReadOnlyRootFilesystem());
    Map<String, String> params = new java.util.HashMap<>();
    pr.getSpec().getParams().forEach(p -> params.put(p.getName(), p.getValue().getStringVal()));
    assertEquals("issue-123: Fixed the rate limit", params.get("title"));
    assertTrue(params.get("body").contains("0.4213 USD"), params.get("body"));
    assertEquals("true", params.get("open"));
    assertEquals("42", params.get("issue"));
    assertEquals("myorg/myrepo", params.get("repository"));
    assertEquals("feature/issue-123", params.get("head-branch"));
    assertEquals("my-worker", pr.getMetadata().getOwnerReferences().get(0).getName());
    awaitStatus(s -> assertCondition(s, "PullRequest", "Unknown", "Running", "TaskRun " + pullRequest + " opens the pull request"));

    tekton.succeeded(pullRequest, Map.of("outcome", "updated", "url", "https://github.com/myorg/myrepo/pull/7", "number", "7"));
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Done, s.getPhase());
      assertEquals("updated", s.getPullRequest().getOutcome());
      assertEquals(7, s.getPullRequest().getNumber());
      assertCondition(s, "PullRequest", "True", "Updated", "updated pull request https://github.com/myorg/myrepo/pull/7");
      assertEquals(List.of(CLONE, CLAUDE), s.getTaskRuns().stream().map(TaskRunState::getName).toList());
    });
    await().untilAsserted(() -> assertTrue(reasons().contains("PullRequestOpened"), reasons().toString()));
  }

  @Test
  void aFailedForgeTaskRunReportsTheStepsMessage() {
    client.resource(Fixtures.secret("forge-token", "token")).create();
    Polecat polecat = PolecatPullRequestTest.polecatWithPullRequests("my-worker");
    polecat.getSpec().setExecutionMode(ExecutionMode.TEKTON);
    client.resource(polecat).create();
    tekton.succeeded(awaitTaskRun(CLONE).getMetadata().getName(), Map.of("commit", "1111111"));
    awaitTaskRun(CLAUDE);
    tekton.failed(CLAUDE, "Failed", FakeTekton.claudeResults("agent-failed", "could not find the flaky test"));
    TaskRun pr = awaitTaskRun("polecat-my-worker-pull-request");
    String comment = pr.getSpec().getParams().stream().filter(p -> p.getName().equals("comment")).findFirst().orElseThrow()
        .getValue().getStringVal();
    assertTrue(comment.contains("agent-failed: could not find the flaky test"), comment);

    tekton.failed("polecat-my-worker-pull-request", "Failed", Map.of("outcome", "failed", "message", "GitHub answered 404 Not Found"));
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase());
      assertCondition(s, "PullRequest", "False", "PullRequestFailed", "GitHub answered 404 Not Found");
    });
  }

  @Test
  void failedCloneNeverStartsTheClaudeTaskRun() {
    applyTektonPolecat();
    awaitTaskRun(CLONE);

    tekton.failed(CLONE, "Failed", Map.of());
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase());
      Condition working = assertCondition(s, "Working", "False", "CloneFailed", null);
      assertTrue(working.getMessage().contains("tkn taskrun logs polecat-my-worker-git-clone -n gastown-workers"),
          working.getMessage());
    });
    assertNull(client.resources(TaskRun.class).inNamespace(NS).withName(CLAUDE).get());
  }

  /** Where the cluster resolver is off or may not read gastown-system, the Polecat says so, not "could not clone". */
  @Test
  void aCloneWhoseTaskCannotBeResolvedSaysWhereTheTasksShouldBe() {
    applyTektonPolecat();
    awaitTaskRun(CLONE);

    tekton.failed(CLONE, "TaskRunResolutionFailed", Map.of());
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase());
      Condition working = assertCondition(s, "Working", "False", "CloneFailed", null);
      assertTrue(working.getMessage().startsWith("Tekton could not resolve the Task of TaskRun polecat-my-worker-git-clone"
          + " (TaskRunResolutionFailed: "), working.getMessage());
      assertTrue(working.getMessage().contains("GASTOWN_TEKTON_TASKS_NAMESPACE"), working.getMessage());
    });
  }

  @Test
  void claudeTaskRunFailuresMapToSpecificReasons() {
    Map<String, String[]> cases = Map.of(
        "auth", new String[] {"Failed", "auth-failed", "AuthFailed"},
        "push", new String[] {"Failed", "push-failed", "PushFailed"},
        "agent", new String[] {"StepFailed", "agent-failed", "AgentFailed"},
        "timeout", new String[] {"TaskRunTimeout", null, "DeadlineExceeded"},
        "oom", new String[] {"StepOOM", null, "OutOfMemory"});
    cases.keySet().forEach(this::applyTektonPolecatNamed);
    cases.forEach((name, c) -> {
      tekton.succeeded(awaitTaskRun("polecat-" + name + "-git-clone").getMetadata().getName(), Map.of("commit", "1"));
      String claude = awaitTaskRun("polecat-" + name + "-claude").getMetadata().getName();
      String summary = "auth".equals(name) ? "Claude authentication failed (HTTP 401): refresh the credentials secret. Invalid bearer token"
          : "it went wrong";
      tekton.failed(claude, c[0], c[1] == null ? Map.of() : FakeTekton.claudeResults(c[1], summary));
    });
    cases.forEach((name, c) -> awaitStatus(name, s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase(), name);
      Condition working = assertCondition(s, "Working", "False", c[2], null);
      if ("auth".equals(name)) {
        assertEquals("Claude authentication failed (HTTP 401): Invalid bearer token; refresh the credentials secret claude-home"
            + " (see Token Refresh in the user guide)", working.getMessage());
      }
    }));
  }

  @Test
  void aTaskRunWhosePodCannotPullItsImageWaitsUntilTektonFailsIt() {
    applyTektonPolecat();
    awaitTaskRun(CLONE);

    tekton.pullingImage(CLONE);
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Pending, s.getPhase());
      Condition working = assertCondition(s, "Working", "False", "ImagePullBackOff", null);
      assertTrue(working.getMessage().contains("Back-off pulling image"), working.getMessage());
      assertTrue(working.getMessage().contains("default-imagepullbackoff-timeout"), working.getMessage());
    });

    tekton.failed(CLONE, "TaskRunImagePullFailed", Map.of());
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase());
      assertCondition(s, "Working", "False", "ImagePullFailed", null);
    });
  }

  @Test
  void terminatingCancelsTheRunningTaskRun() {
    applyTektonPolecat();
    awaitTaskRun(CLONE);
    tekton.running(CLONE);
    awaitStatus(s -> assertEquals("Running", s.getTaskRuns().get(0).getState()));

    client.resources(Polecat.class).inNamespace(NS).withName("my-worker").edit(p -> {
      p.getSpec().setDesiredState(DesiredState.Terminated);
      return p;
    });
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertEquals("TaskRunCancelled", client.resources(TaskRun.class).inNamespace(NS).withName(CLONE).get().getSpec().getStatus()));
    awaitStatus(s -> assertEquals(PolecatPhase.Terminated, s.getPhase()));

    tekton.failed(CLONE, "TaskRunCancelled", Map.of());
    awaitStatus(s -> {
      assertEquals(PolecatPhase.Terminated, s.getPhase());
      assertEquals(List.of("Cancelled"), s.getTaskRuns().stream().map(TaskRunState::getState).toList());
    });
  }

  @Test
  void ttlDeletesTheRunsAndTheWorkspaceOfAFinishedPolecat() {
    Polecat polecat = tektonPolecat("my-worker");
    polecat.getSpec().setTtlSecondsAfterFinished(1);
    client.resource(polecat).create();
    tekton.succeeded(awaitTaskRun(CLONE).getMetadata().getName(), Map.of("commit", "1"));
    tekton.succeeded(awaitTaskRun(CLAUDE).getMetadata().getName(), FakeTekton.claudeResults("succeeded", "done"));
    awaitStatus(s -> assertEquals(PolecatPhase.Done, s.getPhase()));

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertTrue(client.resources(TaskRun.class).inNamespace(NS).list().getItems().isEmpty());
      assertNull(client.persistentVolumeClaims().inNamespace(NS).withName("polecat-my-worker-workspace").get());
    });
    assertEquals(PolecatPhase.Done, status("my-worker").getPhase());
  }

  @Test
  void restartedOperatorNeverStartsASecondTaskRunForTheSameStep() {
    applyTektonPolecat();
    TaskRun first = awaitTaskRun(CLONE);
    awaitStatus(s -> assertEquals(PolecatPhase.Pending, s.getPhase()));
    operator.stop();

    tekton.succeeded(CLONE, Map.of("commit", "1"));
    operator = start();
    TaskRun claude = awaitTaskRun(CLAUDE);
    tekton.running(claude.getMetadata().getName());
    awaitStatus(s -> assertEquals(PolecatPhase.Working, s.getPhase()));
    List<TaskRun> runs = client.resources(TaskRun.class).inNamespace(NS).list().getItems();
    assertEquals(2, runs.size());
    assertEquals(first.getMetadata().getUid(),
        client.resources(TaskRun.class).inNamespace(NS).withName(CLONE).get().getMetadata().getUid());
  }

  // --- helpers

  private Polecat tektonPolecat(String name) {
    Polecat polecat = Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class);
    polecat.getMetadata().setName(name);
    polecat.getSpec().setExecutionMode(ExecutionMode.TEKTON);
    return polecat;
  }

  private void applyTektonPolecat() {
    applyTektonPolecatNamed("my-worker");
  }

  private void applyTektonPolecatNamed(String name) {
    client.resource(tektonPolecat(name)).create();
  }

  private TaskRun awaitTaskRun(String name) {
    return await().atMost(Duration.ofSeconds(15))
        .until(() -> client.resources(TaskRun.class).inNamespace(NS).withName(name).get(), r -> r != null);
  }

  private PolecatStatus status(String name) {
    return PolecatAssertions.status(client, name);
  }


  private void awaitStatus(Consumer<PolecatStatus> assertion) {
    awaitStatus("my-worker", assertion);
  }

  private void awaitStatus(String name, Consumer<PolecatStatus> assertion) {
    PolecatAssertions.awaitStatus(client, name, assertion);
  }


  private List<String> reasons() {
    return events.stream().filter(e -> "my-worker".equals(e.getInvolvedObject().getName())).map(Event::getReason).toList();
  }


}
