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
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.TaskRun;
import io.gastown.operator.Fixtures;
import io.gastown.operator.GastownOperator;
import io.gastown.operator.MovableClock;
import io.gastown.operator.api.polecat.AgentConfig;
import io.gastown.operator.api.polecat.DesiredState;
import io.gastown.operator.api.polecat.ExecutionMode;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.polecat.SecretKeyReference;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.refinery.RefineryPhase;
import io.gastown.operator.common.AgentDefaults;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.executor.pod.PolecatPodBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The running operator against the fabric8 mock API server; the test plays kubelet. */
@EnableKubernetesMockClient(crud = true)
class PolecatOperatorTest {

  static final String NS = Fixtures.NAMESPACE;

  KubernetesMockServer server;
  KubernetesClient client;
  FakeKubelet kubelet;
  Operator operator;
  final MovableClock clock = new MovableClock();
  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startOperator() {
    kubelet = new FakeKubelet(client);
    operator = start();
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
  }

  private Operator start() {
    OperatorConfig config = OperatorConfig.defaults().withSecretRetryDelay(Duration.ofMillis(300));
    Consumer<Event> collect = events::add;
    return GastownOperator.start(client, config, clock, collect);
  }

  @Test
  void guidePolecatRunsAsOnePodAndEndsInTheGuidesFinalStatus() {
    createSecrets();
    apply("examples/polecat.yaml");

    Pod pod = awaitPod("polecat-my-worker");
    assertEquals("git-init", pod.getSpec().getInitContainers().get(0).getName());
    assertEquals("claude", pod.getSpec().getContainers().get(0).getName());
    awaitStatus("my-worker", s -> {
      assertEquals(PolecatPhase.Pending, s.getPhase());
      assertCondition(s, "Ready", "True", "PodCreated", "Pod created successfully");
      // The guide's claude-home holds a .credentials.json: its agent can read the refresh token.
      Condition isolated = assertCondition(s, "CredentialsIsolated", "False", "AgentReadsCredentials", null);
      assertTrue(isolated.getMessage().contains("claude setup-token"), isolated.getMessage());
    });

    kubelet.running("polecat-my-worker");
    awaitStatus("my-worker", s -> {
      assertEquals(PolecatPhase.Working, s.getPhase());
      assertCondition(s, "Working", "True", "Running", null);
    });

    kubelet.succeeded("polecat-my-worker", FakeKubelet.result("succeeded", "Fixed the rate limit"));
    awaitStatus("my-worker", s -> {
      assertEquals(PolecatPhase.Done, s.getPhase());
      assertEquals("issue-123", s.getAssignedBead());
      assertEquals("polecat-my-worker", s.getPodName());
      assertCondition(s, "Ready", "True", "PodCreated", "Pod created successfully");
      assertCondition(s, "Working", "False", "Completed", "Work completed");
      assertEquals("feature/issue-123", s.getBranch());
      assertEquals("3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d", s.getCommit());
      assertTrue(s.getPushed());
      assertEquals("0.4213", s.getCostUSD());
      assertEquals(12, s.getNumTurns());
      assertEquals("0b5c0a8e-6f7d-4c3e-9a1b-2c3d4e5f6a7b", s.getSessionID());
      assertEquals("Fixed the rate limit", s.getSummary());
      assertEquals(FakeKubelet.START, s.getStartTime());
      assertEquals(FakeKubelet.END, s.getCompletionTime());
      assertEquals(1L, s.getObservedGeneration());
    });
    // The credentials warning is written beside the first transition, in either order.
    await().untilAsserted(() -> assertEquals(List.of("AgentReadsCredentials", "Pending", "Running", "Completed"),
        PolecatAssertions.warningFirst(eventReasons("my-worker"), "AgentReadsCredentials")));
    assertEquals(1, client.pods().inNamespace(NS).list().getItems().size());
  }

  @Test
  void apiKeyPolecatRunsWithTheKeyFromItsSecret() {
    client.resource(Fixtures.secret("git-ssh-key", "ssh-privatekey")).create();
    client.resource(Fixtures.secret("anthropic-api-key", "api-key")).create();
    apply("examples/polecat-api-key.yaml");

    Pod pod = awaitPod("polecat-api-key-worker");
    var apiKey = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals("api-key")).findFirst().orElseThrow();
    assertEquals("anthropic-api-key", apiKey.getSecret().getSecretName());
    awaitStatus("api-key-worker", s -> assertCondition(s, "CredentialsIsolated", "True", "CredentialsProxied", null));

    kubelet.succeeded("polecat-api-key-worker", FakeKubelet.result("no-changes", "Nothing to change"));
    awaitStatus("api-key-worker", s -> {
      assertEquals(PolecatPhase.Done, s.getPhase());
      assertFalse(s.getPushed());
      assertCondition(s, "Working", "False", "NoChanges", null);
    });
  }

  @Test
  void expiredOAuthTokenFailsWithAuthFailedAndSaysToRefreshTheSecret() {
    createSecrets();
    apply("examples/polecat.yaml");
    awaitPod("polecat-my-worker");

    // The summary the claude step writes on a 401.
    kubelet.runFailed("polecat-my-worker", 1, FakeKubelet.result("auth-failed",
        "Claude authentication failed (HTTP 401): refresh the credentials secret. OAuth token has expired."));
    awaitStatus("my-worker", s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase());
      assertCondition(s, "Working", "False", "AuthFailed", "Claude authentication failed (HTTP 401): OAuth token has expired;"
          + " refresh the credentials secret claude-home (see Token Refresh in the user guide)");
    });
    await().untilAsserted(() -> assertEquals("Warning", lastEvent("my-worker").getType()));
  }

  @Test
  void failedCloneSaysWhichRepositoryAndHowToReadTheLog() {
    createSecrets();
    apply("examples/polecat.yaml");
    awaitPod("polecat-my-worker");

    kubelet.cloneFailed("polecat-my-worker");
    awaitStatus("my-worker", s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase());
      Condition working = assertCondition(s, "Working", "False", "CloneFailed", null);
      assertTrue(working.getMessage().contains("git@github.com:myorg/myrepo.git at branch main"), working.getMessage());
      assertTrue(working.getMessage().contains("kubectl logs polecat-my-worker -c git-init -n gastown-workers"));
    });
  }

  @Test
  void podFailuresMapToSpecificReasons() {
    createSecrets();
    String[][] cases = {{"deadline", "DeadlineExceeded"}, {"evicted", "PodEvicted"}, {"pull", "ImagePullFailed"},
        {"push", "PushFailed"}, {"refused", "PushRefused"}, {"oom", "OutOfMemory"}, {"nobead", "BeadNotFound"}, {"hung", "AgentHung"}};
    for (String[] c : cases) {
      applyGuidePolecatNamed(c[0]);
    }
    kubelet.podFailed(awaitPod("polecat-deadline").getMetadata().getName(), "DeadlineExceeded");
    kubelet.podFailed(awaitPod("polecat-evicted").getMetadata().getName(), "Evicted");
    kubelet.invalidImageName(awaitPod("polecat-pull").getMetadata().getName());
    kubelet.runFailed(awaitPod("polecat-push").getMetadata().getName(), 1,
        FakeKubelet.result("push-failed", "remote rejected"));
    kubelet.runFailed(awaitPod("polecat-refused").getMetadata().getName(), 1,
        FakeKubelet.result("push-refused", "Nothing was pushed: the agent's changes contain a secret value in the file leak.txt"));
    kubelet.agentKilled(awaitPod("polecat-oom").getMetadata().getName(), 137, "OOMKilled");
    kubelet.runFailed(awaitPod("polecat-hung").getMetadata().getName(), 1,
        FakeKubelet.result("hung", "Claude Code printed nothing for 900 seconds (stuck threshold 900s) and was stopped"));
    kubelet.runFailed(awaitPod("polecat-nobead").getMetadata().getName(), 1,
        FakeKubelet.result("bead-not-found", "spec.taskDescription is empty and bead issue-123 is not in the repository's .beads/issues.jsonl"));
    for (String[] c : cases) {
      awaitStatus(c[0], s -> {
        assertEquals("hung".equals(c[0]) ? PolecatPhase.Stuck : PolecatPhase.Failed, s.getPhase(), c[0]);
        assertCondition(s, "Working", "False", c[1], null);
      });
    }
    // A pod that can never pull its image never ran: nothing in it is worth keeping.
    await().untilAsserted(() -> assertNull(client.pods().inNamespace(NS).withName("polecat-pull").get()));
  }

  @Test
  void anImagePullTheKubeletRetriesKeepsThePolecatPendingAndTheRunThenSucceeds() {
    createSecrets();
    apply("examples/polecat.yaml");
    awaitPod("polecat-my-worker");

    kubelet.imagePullError("polecat-my-worker", "ErrImagePull", clock.instant());
    awaitStatus("my-worker", s -> {
      assertEquals(PolecatPhase.Pending, s.getPhase());
      Condition working = assertCondition(s, "Working", "False", "ImagePullBackOff", null);
      assertTrue(working.getMessage().startsWith("the agent image cannot be pulled yet (ErrImagePull: rpc error: code = NotFound"),
          working.getMessage());
      assertTrue(working.getMessage().contains("fails if it still cannot after 300s"), working.getMessage());
    });
    await().untilAsserted(() -> assertEquals("Warning", lastEvent("my-worker").getType()));
    kubelet.imagePullError("polecat-my-worker", "ImagePullBackOff", clock.instant());
    awaitStatus("my-worker", s -> assertTrue(
        assertCondition(s, "Working", "False", "ImagePullBackOff", null).getMessage().contains("Back-off pulling image")));

    kubelet.running("polecat-my-worker");
    awaitStatus("my-worker", s -> assertEquals(PolecatPhase.Working, s.getPhase()));
    kubelet.succeeded("polecat-my-worker", FakeKubelet.result("succeeded", "Fixed the rate limit"));
    awaitStatus("my-worker", s -> {
      assertEquals(PolecatPhase.Done, s.getPhase());
      assertTrue(s.getPushed());
    });
  }

  @Test
  void anImagePullStillFailingAfterTheTimeoutFailsThePolecatAndDeletesItsPod() {
    createSecrets();
    apply("examples/polecat.yaml");
    awaitPod("polecat-my-worker");
    kubelet.imagePullError("polecat-my-worker", "ImagePullBackOff", clock.instant());
    awaitStatus("my-worker", s -> assertCondition(s, "Working", "False", "ImagePullBackOff", null));

    clock.advance(Duration.ofSeconds(301));
    awaitStatus("my-worker", s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase());
      Condition working = assertCondition(s, "Working", "False", "ImagePullFailed", null);
      assertTrue(working.getMessage().startsWith("the agent image could not be pulled for 300s (ImagePullBackOff: Back-off"),
          working.getMessage());
    });
    await().untilAsserted(() -> assertNull(client.pods().inNamespace(NS).withName("polecat-my-worker").get()));
    await().during(Duration.ofMillis(500)).untilAsserted(() -> assertEquals(PolecatPhase.Failed, status("my-worker").getPhase()));
    assertCondition(status("my-worker"), "Working", "False", "ImagePullFailed", null);
  }

  @Test
  void missingSecretKeepsThePolecatPendingUntilTheSecretIsCreated() {
    client.resource(Fixtures.secret("git-ssh-key", "ssh-privatekey")).create();
    apply("examples/polecat.yaml");

    awaitStatus("my-worker", s -> {
      assertEquals(PolecatPhase.Pending, s.getPhase());
      Condition ready = assertCondition(s, "Ready", "False", "SecretNotFound", null);
      assertTrue(ready.getMessage().contains("Secret claude-home"), ready.getMessage());
    });
    assertNull(client.pods().inNamespace(NS).withName("polecat-my-worker").get());
    await().untilAsserted(() -> assertEquals("Warning", lastEvent("my-worker").getType()));

    client.resource(Fixtures.secret("claude-home", ".credentials.json")).create();
    awaitPod("polecat-my-worker");
    awaitStatus("my-worker", s -> assertCondition(s, "Ready", "True", "PodCreated", null));
  }

  @Test
  void aServiceAccountRunsAgentsOnlyOnceTheNamespaceMarkedItForThem() {
    createSecrets();
    client.resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
        .withNewMetadata().withName("deployer").withNamespace(NS).endMetadata().build()).create();
    Polecat polecat = guidePolecat("borrows-an-account");
    polecat.getSpec().getKubernetes().setServiceAccountName("deployer");
    client.resource(polecat).create();

    awaitStatus("borrows-an-account", s -> {
      assertEquals(PolecatPhase.Pending, s.getPhase());
      Condition ready = assertCondition(s, "Ready", "False", "ServiceAccountNotAllowed", null);
      assertTrue(ready.getMessage().contains("gastown.gastown.io/agents=true"), ready.getMessage());
    });
    assertTrue(client.pods().inNamespace(NS).list().getItems().isEmpty());

    client.serviceAccounts().inNamespace(NS).withName("deployer").edit(sa -> {
      sa.getMetadata().setAnnotations(java.util.Map.of("gastown.gastown.io/agents", "true"));
      return sa;
    });
    assertEquals("deployer", awaitPod("polecat-borrows-an-account").getSpec().getServiceAccountName());
  }

  @Test
  void secretWithoutTheExpectedKeyIsNamedInTheCondition() {
    client.resource(Fixtures.secret("git-ssh-key", "id_rsa")).create();
    client.resource(Fixtures.secret("claude-home", ".credentials.json")).create();
    apply("examples/polecat.yaml");

    awaitStatus("my-worker", s -> {
      Condition ready = assertCondition(s, "Ready", "False", "SecretKeyMissing", null);
      assertTrue(ready.getMessage().contains("has no key ssh-privatekey"), ready.getMessage());
    });
  }

  @Test
  void apiKeySecretIsCheckedEvenWhenOAuthCredentialsAreGivenToo() {
    createSecrets();
    Polecat polecat = guidePolecat("both-creds");
    polecat.getSpec().getKubernetes().setApiKeySecretRef(new SecretKeyReference("missing-key-secret", null));
    client.resource(polecat).create();

    awaitStatus("both-creds", s -> {
      Condition ready = assertCondition(s, "Ready", "False", "SecretNotFound", null);
      assertTrue(ready.getMessage().contains("Secret missing-key-secret (spec.kubernetes.apiKeySecretRef)"), ready.getMessage());
    });
  }

  @Test
  void recreatedPolecatWaitsForThePodOfItsPredecessorInsteadOfFailing() {
    createSecrets();
    Pod leftover = new PolecatPodBuilder(io.gastown.operator.steps.StepScripts.bundled())
        .build(Fixtures.effective(Fixtures.guidePolecat(), AgentDefaults.withImage("agent:old")));
    leftover.getMetadata().getOwnerReferences().get(0).setUid("uid-of-the-deleted-polecat");
    client.resource(leftover).create();
    apply("examples/polecat.yaml");

    awaitStatus("my-worker", s -> {
      assertEquals(PolecatPhase.Pending, s.getPhase());
      Condition ready = assertCondition(s, "Ready", "False", "PodNameTaken", null);
      assertTrue(ready.getMessage().contains("earlier Polecat"), ready.getMessage());
    });

    client.resource(leftover).delete();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      Pod pod = client.pods().inNamespace(NS).withName("polecat-my-worker").get();
      assertNotNull(pod);
      assertEquals(client.resources(Polecat.class).inNamespace(NS).withName("my-worker").get().getMetadata().getUid(),
          pod.getMetadata().getOwnerReferences().get(0).getUid());
    });
  }

  @Test
  void invalidSpecsFailWithAMessageAndAnEventAndCreateNoPod() {
    createSecrets();
    applyInvalid("no-creds", p -> p.getSpec().getKubernetes().setClaudeCredsSecretRef(null), "claudeCredsSecretRef");
    applyInvalid("bad-bead", p -> p.getSpec().setBeadID("x$(touch /tmp/pwned)"), "spec.beadID");
    applyInvalid("bad-url", p -> p.getSpec().getKubernetes().setGitRepository("not a url; rm -rf /"), "gitRepository");
    applyInvalid("bad-branch", p -> p.getSpec().getKubernetes().setWorkBranch("feat`id`"), "workBranch");
    applyInvalid("dots-branch", p -> p.getSpec().getKubernetes().setWorkBranch("feature/..x"),
        "spec.kubernetes.workBranch \"feature/..x\" is not a valid branch name: it must not contain '..'");
    applyInvalid("two-problems", p -> {
      p.getSpec().setBeadID("a;b");
      p.getSpec().getKubernetes().setGitRepository("nope");
    }, "may contain only letters, digits, '.', '_' and '-' (at most 63); spec.kubernetes.gitRepository \"nope\" is not a git URL");
    applyInvalid("bad-env", p -> {
      AgentConfig agent = new AgentConfig();
      agent.setEnv(List.of(new io.fabric8.kubernetes.api.model.EnvVar("HOME", "/root", null)));
      p.getSpec().setAgentConfig(agent);
    }, "spec.agentConfig.env may not set \"HOME\"");
    applyInvalid("token-url", p -> p.getSpec().getKubernetes().setGitRepository("https://x:ghp_secret@github.com/o/r.git"),
        "carries a credential");
    applyInvalid("secret-env", p -> {
      AgentConfig agent = new AgentConfig();
      agent.setEnv(List.of(new io.fabric8.kubernetes.api.model.EnvVarBuilder().withName("TOKEN")
          .withNewValueFrom().withNewSecretKeyRef("token", "other-secret", false).endValueFrom().build()));
      p.getSpec().setAgentConfig(agent);
    }, "literal value only");
    applyInvalid("key-env", p -> {
      AgentConfig agent = new AgentConfig();
      agent.setEnv(List.of(new io.fabric8.kubernetes.api.model.EnvVar("ANTHROPIC_BASE_URL", "https://evil.example", null)));
      p.getSpec().setAgentConfig(agent);
    }, "may not set \"ANTHROPIC_BASE_URL\"");
    applyInvalid("http-model", p -> {
      AgentConfig agent = new AgentConfig();
      agent.setBaseURL("http://models.example.com");
      p.getSpec().setAgentConfig(agent);
    }, "must be an https:// URL");

    for (String name : List.of("no-creds", "bad-bead", "bad-url", "bad-branch", "dots-branch", "two-problems", "bad-env",
        "token-url", "secret-env", "key-env", "http-model")) {
      await().untilAsserted(() -> assertEquals(List.of("InvalidSpec"), eventReasons(name), name));
    }
    String tokenUrlStatus = Serialization.asJson(client.resources(Polecat.class).inNamespace(NS).withName("token-url").get().getStatus());
    assertFalse(tokenUrlStatus.contains("ghp_secret"), "the credential of the URL is in the status: " + tokenUrlStatus);
    assertTrue(client.pods().inNamespace(NS).list().getItems().isEmpty());
  }

  @Test
  void fixingAnInvalidSpecStartsTheWork() {
    createSecrets();
    Polecat polecat = guidePolecat("fixed");
    polecat.getSpec().getKubernetes().setGitRepository("nope");
    client.resource(polecat).create();
    awaitStatus("fixed", s -> assertCondition(s, "Ready", "False", "InvalidSpec", null));

    client.resources(Polecat.class).inNamespace(NS).withName("fixed").edit(p -> {
      p.getSpec().getKubernetes().setGitRepository("git@github.com:myorg/myrepo.git");
      return p;
    });
    awaitPod("polecat-fixed");
  }

  @Test
  void tektonPolecatFailsClearlyWhenTheClusterHasNoTektonWhileKubernetesPolecatsRun() {
    createSecrets();
    Polecat tekton = guidePolecat("on-tekton");
    tekton.getSpec().setExecutionMode(ExecutionMode.TEKTON);
    client.resource(tekton).create();
    apply("examples/polecat.yaml");

    awaitStatus("on-tekton", s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase());
      Condition ready = assertCondition(s, "Ready", "False", "ExecutorMissing", null);
      assertTrue(ready.getMessage().contains("needs Tekton Pipelines"), ready.getMessage());
    });
    awaitPod("polecat-my-worker");
  }

  @Test
  void aTektonPolecatThatFailedForWantOfTektonRunsOnceTheOperatorRestartsOnAClusterWithTekton() {
    createSecrets();
    Polecat polecat = guidePolecat("on-tekton");
    polecat.getSpec().setExecutionMode(ExecutionMode.TEKTON);
    client.resource(polecat).create();
    awaitStatus("on-tekton", s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase());
      assertCondition(s, "Ready", "False", "ExecutorMissing", null);
    });
    operator.stop();

    FakeTekton.install(server);
    operator = start();
    await().atMost(Duration.ofSeconds(15)).until(
        () -> client.resources(TaskRun.class).inNamespace(NS).withName("polecat-on-tekton-git-clone").get() != null);
    awaitStatus("on-tekton", s -> {
      assertEquals(PolecatPhase.Pending, s.getPhase());
      assertCondition(s, "Ready", "True", "TaskRunsCreated", "TaskRuns created successfully");
      assertFalse(Serialization.asJson(s).contains("does not serve"), Serialization.asJson(s));
    });
  }

  @Test
  void aFinishedTektonPolecatKeepsItsResultWhenTheOperatorRestartsWithoutTekton() {
    operator.stop();
    Polecat finished = guidePolecat("finished-on-tekton");
    finished.getSpec().setExecutionMode(ExecutionMode.TEKTON);
    finished = client.resource(finished).create();
    PolecatStatus done = new PolecatStatus();
    done.setPhase(PolecatPhase.Done);
    done.setObservedGeneration(finished.getMetadata().getGeneration());
    done.setBranch("feature/issue-123");
    done.setCommit("3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d");
    done.setPushed(true);
    done.setCompletionTime("2026-12-01T10:00:00Z");
    finished.setStatus(done);
    client.resource(finished).updateStatus();
    Polecat waiting = guidePolecat("new-on-tekton");
    waiting.getSpec().setExecutionMode(ExecutionMode.TEKTON);
    client.resource(waiting).create();

    operator = start();
    awaitStatus("new-on-tekton", s -> assertCondition(s, "Ready", "False", "ExecutorMissing", null));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
      PolecatStatus s = PolecatAssertions.status(client, "finished-on-tekton");
      assertEquals(PolecatPhase.Done, s.getPhase());
      assertEquals("3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d", s.getCommit());
    });
  }

  @Test
  void refineryExplainsThatItNeedsTektonWhenTheClusterHasNone() {
    client.resource(Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class)).create();

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      Refinery refinery = client.resources(Refinery.class).inNamespace(NS).withName("my-refinery").get();
      assertNotNull(refinery.getStatus());
      assertEquals(RefineryPhase.Error, refinery.getStatus().getPhase());
      assertTrue(refinery.getStatus().getConditions().get(0).getMessage().contains("needs Tekton Pipelines"));
    });
  }

  @Test
  void idlePolecatCreatesNothing() {
    createSecrets();
    Polecat polecat = guidePolecat("idle");
    polecat.getSpec().setDesiredState(DesiredState.Idle);
    client.resource(polecat).create();

    awaitStatus("idle", s -> assertEquals(PolecatPhase.Idle, s.getPhase()));
    assertTrue(client.pods().inNamespace(NS).list().getItems().isEmpty());
  }

  @Test
  void terminatingARunningPolecatDeletesItsPod() {
    createSecrets();
    apply("examples/polecat.yaml");
    awaitPod("polecat-my-worker");
    kubelet.running("polecat-my-worker");
    awaitStatus("my-worker", s -> assertEquals(PolecatPhase.Working, s.getPhase()));

    client.resources(Polecat.class).inNamespace(NS).withName("my-worker").edit(p -> {
      p.getSpec().setDesiredState(DesiredState.Terminated);
      return p;
    });
    awaitStatus("my-worker", s -> {
      assertEquals(PolecatPhase.Terminated, s.getPhase());
      assertCondition(s, "Working", "False", "Terminated", null);
    });
    await().untilAsserted(() -> assertNull(client.pods().inNamespace(NS).withName("polecat-my-worker").get()));
  }

  @Test
  void finishedPodIsDeletedAfterTheTtl() {
    createSecrets();
    Polecat polecat = guidePolecat("ttl");
    polecat.getSpec().setTtlSecondsAfterFinished(1);
    client.resource(polecat).create();
    awaitPod("polecat-ttl");

    kubelet.succeeded("polecat-ttl", FakeKubelet.result("succeeded", "done"));
    awaitStatus("ttl", s -> assertEquals(PolecatPhase.Done, s.getPhase()));
    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertNull(client.pods().inNamespace(NS).withName("polecat-ttl").get()));
    assertEquals(PolecatPhase.Done, status("ttl").getPhase());
  }

  @Test
  void restartedOperatorAdoptsTheExistingPodAndNeverCreatesASecond() {
    createSecrets();
    apply("examples/polecat.yaml");
    Pod first = awaitPod("polecat-my-worker");
    awaitStatus("my-worker", s -> assertEquals(PolecatPhase.Pending, s.getPhase()));
    operator.stop();

    kubelet.running("polecat-my-worker");
    operator = start();
    awaitStatus("my-worker", s -> assertEquals(PolecatPhase.Working, s.getPhase()));
    List<Pod> pods = client.pods().inNamespace(NS).list().getItems();
    assertEquals(1, pods.size());
    assertEquals(first.getMetadata().getUid(), pods.get(0).getMetadata().getUid());
  }

  @Test
  void podDeletedBeforeTheAgentFinishedFailsThePolecatInsteadOfStartingAgain() {
    createSecrets();
    apply("examples/polecat.yaml");
    awaitPod("polecat-my-worker");
    kubelet.running("polecat-my-worker");
    awaitStatus("my-worker", s -> assertEquals(PolecatPhase.Working, s.getPhase()));

    client.pods().inNamespace(NS).withName("polecat-my-worker").delete();
    awaitStatus("my-worker", s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase());
      assertCondition(s, "Working", "False", "PodLost", null);
      Condition ready = assertCondition(s, "Ready", "False", "PodLost", null);
      assertTrue(ready.getMessage().startsWith("pod polecat-my-worker was deleted before the agent finished"), ready.getMessage());
    });
    assertNull(client.pods().inNamespace(NS).withName("polecat-my-worker").get());
  }

  // --- helpers

  private void createSecrets() {
    Fixtures.createGuideSecrets(client);
  }

  private void apply(String example) {
    client.resource(Serialization.unmarshal(Fixtures.read(example), Polecat.class)).create();
  }

  private Polecat guidePolecat(String name) {
    Polecat polecat = Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class);
    polecat.getMetadata().setName(name);
    return polecat;
  }

  private void applyGuidePolecatNamed(String name) {
    client.resource(guidePolecat(name)).create();
  }

  private void applyInvalid(String name, Consumer<Polecat> breakIt, String expectedInMessage) {
    Polecat polecat = guidePolecat(name);
    breakIt.accept(polecat);
    client.resource(polecat).create();
    awaitStatus(name, s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase(), name);
      Condition ready = assertCondition(s, "Ready", "False", "InvalidSpec", null);
      assertTrue(ready.getMessage().contains(expectedInMessage), ready.getMessage());
    });
  }

  private Pod awaitPod(String name) {
    return await().atMost(Duration.ofSeconds(15))
        .until(() -> client.pods().inNamespace(NS).withName(name).get(), p -> p != null);
  }

  private PolecatStatus status(String name) {
    return PolecatAssertions.status(client, name);
  }


  private void awaitStatus(String name, Consumer<PolecatStatus> assertion) {
    PolecatAssertions.awaitStatus(client, name, assertion);
  }


  private List<String> eventReasons(String polecat) {
    return events.stream()
        .filter(e -> polecat.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  private Event lastEvent(String polecat) {
    List<Event> mine = events.stream().filter(e -> polecat.equals(e.getInvolvedObject().getName())).toList();
    assertFalse(mine.isEmpty(), "an event for " + polecat);
    return mine.get(mine.size() - 1);
  }


}
