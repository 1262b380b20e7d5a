package io.gastown.operator.refinery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.knative.pkg.apis.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunResultBuilder;
import io.fabric8.tekton.v1.PipelineRunStatus;
import io.gastown.operator.Fixtures;
import io.gastown.operator.GastownOperator;
import io.gastown.operator.api.polecat.DesiredState;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.TokenSecretReference;
import io.gastown.operator.api.refinery.MergeRecord;
import io.gastown.operator.api.refinery.MergesSummary;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.refinery.RefineryPhase;
import io.gastown.operator.api.refinery.RefineryStatus;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.common.Timestamps;
import io.gastown.operator.polecat.FakeKubelet;
import io.gastown.operator.polecat.FakeTekton;
import io.gastown.operator.tekton.InstalledTasks;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Refinery against the mock API server; the test finishes Polecats and plays the Tekton controller. */
@EnableKubernetesMockClient(crud = true)
class RefineryOperatorTest {

  static final String NS = Fixtures.NAMESPACE;

  KubernetesMockServer server;
  KubernetesClient client;
  Operator operator;
  FakeKubelet kubelet;
  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startOperatorWithTekton() {
    FakeTekton.install(server);
    kubelet = new FakeKubelet(client);
    Fixtures.createGuideSecrets(client);
    operator = start();
  }

  private void applyRefinery() {
    client.resource(Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class)).create();
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
  }

  private Operator start() {
    // The operator sees a 5xx at once: fabric8 would otherwise retry it itself, hiding it from the test.
    KubernetesClient noClientRetries = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build())
        .build();
    return GastownOperator.start(noClientRetries, OperatorConfig.defaults(), Clock.systemUTC(), events::add);
  }

  /**
   * A merge's outcome reaches the Refinery's history even when the operator fails between its
   * two writes (here the API server refuses the Refinery's status write once): the history is
   * written first and the Polecat marked after, so the retry records it, once.
   */
  @Test
  void aMergeIsInTheHistoryOnceEvenWhenTheWriteOfTheRefinerysStatusFailsOnce() {
    finishedPolecat("first", "2026-01-20T00:10:00Z");
    applyRefinery();
    PipelineRun run = awaitRun("refinery-my-refinery-first");
    awaitRefinery(s -> assertEquals(RefineryPhase.Processing, s.getPhase()));
    String status = "/apis/gastown.gastown.io/v1alpha1/namespaces/" + NS + "/refineries/my-refinery/status";
    var refused = new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(500).withMessage("etcd leader changed").build();
    server.expect().put().withPath(status).andReturn(500, refused).once();
    // Twice: the status write and the error status after it, as if the operator had stopped there.
    server.expect().patch().withPath(status).andReturn(500, refused).times(2);

    finish(run, "merged", "aaa111", "");

    awaitRefinery(s -> {
      assertEquals(List.of("first"), s.getHistory().stream().map(MergeRecord::getPolecat).toList());
      assertEquals(new MergesSummary(1, 1, 0, 0), s.getMergesSummary());
    });
    awaitPolecat("first", s -> {
      assertEquals("aaa111", s.getMergedCommit());
      assertEquals(1, s.getConditions().stream().filter(c -> "Merged".equals(c.getType())).count(), s.getConditions()::toString);
    });
  }

  @Test
  void finishedPolecatsAreMergedOneByOneInCompletionOrder() {
    finishedPolecat("second", "2026-01-20T00:20:00Z");
    finishedPolecat("first", "2026-01-20T00:10:00Z");
    finishedPolecat("third", "2026-01-20T00:30:00Z");
    applyRefinery();

    PipelineRun run = awaitRun("refinery-my-refinery-first");
    assertEquals(1, runs().size(), "parallelism 1: one merge at a time");
    assertEquals("feature/bead-first", param(run, "source-branch"));
    assertEquals("main", param(run, "target-branch"));
    awaitRefinery(s -> {
      assertEquals(RefineryPhase.Processing, s.getPhase());
      assertEquals(2, s.getQueueLength());
      assertEquals("first", s.getCurrentMerge().getPolecat());
    });

    finish(run, "merged", "aaa111", "");
    finish(awaitRun("refinery-my-refinery-second"), "merged", "bbb222", "");
    finish(awaitRun("refinery-my-refinery-third"), "merged", "ccc333", "");

    awaitRefinery(s -> {
      assertEquals(RefineryPhase.Idle, s.getPhase());
      assertEquals(0, s.getQueueLength());
      assertNull(s.getCurrentMerge());
      assertEquals(new MergesSummary(3, 3, 0, 0), s.getMergesSummary());
      assertEquals(List.of("first", "second", "third"), s.getHistory().stream().map(MergeRecord::getPolecat).toList());
      assertEquals(List.of("aaa111", "bbb222", "ccc333"), s.getHistory().stream().map(MergeRecord::getMergedCommit).toList());
      assertNotNull(s.getLastMergeTime());
    });
    awaitPolecat("second", s -> {
      Condition merged = merged(s);
      assertEquals("True", merged.getStatus());
      assertEquals("Merged", merged.getReason());
      assertEquals("bbb222", s.getMergedCommit());
    });
    assertEquals(3, runs().size(), "no Polecat is merged twice");
  }

  @Test
  void exampleRefineryMergesTheTwoExamplePolecatsInTwoSequentialPipelineRuns() {
    client.resource(Fixtures.secret("anthropic-api-key", "api-key")).create();
    applyRefinery();
    client.resource(Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class)).create();
    client.resource(Serialization.unmarshal(Fixtures.read("examples/polecat-api-key.yaml"), Polecat.class)).create();
    await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(NS).list().getItems().size() == 2);
    kubelet.succeeded("polecat-my-worker", FakeKubelet.result("feature/issue-123", "succeeded", "done"), "2026-01-20T00:13:19Z");
    kubelet.succeeded("polecat-api-key-worker", FakeKubelet.result("feature/issue-456", "succeeded", "done"),
        "2026-01-20T00:14:00Z");

    PipelineRun first = awaitRun("refinery-my-refinery-my-worker");
    assertEquals("feature/issue-123", param(first, "source-branch"));
    finish(first, "merged", "aaa111", "");
    PipelineRun second = awaitRun("refinery-my-refinery-api-key-worker");
    assertEquals("feature/issue-456", param(second, "source-branch"));
    finish(second, "merged", "bbb222", "");

    awaitRefinery(s -> {
      assertEquals(new MergesSummary(2, 2, 0, 0), s.getMergesSummary());
      assertEquals(List.of("my-worker", "api-key-worker"), s.getHistory().stream().map(MergeRecord::getPolecat).toList());
      assertEquals(RefineryPhase.Idle, s.getPhase());
    });
  }

  /** config/install.yaml's setting: the merge runs the installed Pipeline, and its outcome is recorded as before. */
  @Test
  void withThePipelineInstalledInGastownSystemTheMergeRunReferencesItAndItsOutcomeIsRecorded() {
    operator.stop();
    operator = GastownOperator.start(client, OperatorConfig.defaults().withTektonTasks(new InstalledTasks("gastown-system")),
        Clock.systemUTC(), events::add);
    applyRefinery();
    client.resource(Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class)).create();
    await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(NS).list().getItems().size() == 1);
    kubelet.succeeded("polecat-my-worker", FakeKubelet.result("feature/issue-123", "succeeded", "done"), "2026-01-20T00:13:19Z");

    PipelineRun run = awaitRun("refinery-my-refinery-my-worker");
    assertNull(run.getSpec().getPipelineSpec());
    assertEquals("cluster", run.getSpec().getPipelineRef().getAdditionalProperties().get("resolver"));
    assertEquals(List.of(Map.of("name", "kind", "value", "pipeline"), Map.of("name", "name", "value", "gastown-refinery-merge"),
        Map.of("name", "namespace", "value", "gastown-system")), run.getSpec().getPipelineRef().getAdditionalProperties().get("params"));
    assertEquals("feature/issue-123", param(run, "source-branch"));
    assertEquals("ghcr.io/gastown-operator/agent:0.1.0", param(run, "image"));
    assertEquals(List.of("clone", "merge", "run-tests", "push", "pull-request"),
        run.getSpec().getTaskRunSpecs().stream().map(t -> t.getPipelineTaskName()).toList());
    finish(run, "merged", "aaa111", "");

    awaitRefinery(s -> {
      assertEquals(new MergesSummary(1, 1, 0, 0), s.getMergesSummary());
      assertEquals(List.of("my-worker"), s.getHistory().stream().map(MergeRecord::getPolecat).toList());
    });
  }

  /**
   * The Merged condition and mergedCommit are the Refinery's part of a Polecat's status, the rest
   * the Polecat reconciler's: the merge is recorded while the Polecat is reconciled again and
   * again (every spec change is a new generation), and neither part is lost or duplicated.
   */
  @Test
  void theRefinerysMergedWriteAndThePolecatReconcilersStatusDoNotOverwriteEachOther() throws Exception {
    client.resource(Fixtures.secret("anthropic-api-key", "api-key")).create();
    applyRefinery();
    client.resource(Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class)).create();
    await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(NS).withName("polecat-my-worker").get() != null);
    kubelet.succeeded("polecat-my-worker", FakeKubelet.result("feature/issue-123", "succeeded", "done"), "2026-01-20T00:13:19Z");
    PipelineRun run = awaitRun("refinery-my-refinery-my-worker");

    var writer = java.util.concurrent.Executors.newSingleThreadExecutor();
    var edits = writer.submit(() -> {
      for (int turns = 1; turns <= 30; turns++) {
        client.resources(Polecat.class).inNamespace(NS).withName("my-worker").patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"spec\":{\"agentConfig\":{\"maxTurns\":" + turns + "}}}");
      }
    });
    finish(run, "merged", "aaa111", "");
    edits.get(30, java.util.concurrent.TimeUnit.SECONDS);
    writer.shutdown();

    awaitPolecat("my-worker", s -> {
      assertEquals(PolecatPhase.Done, s.getPhase());
      assertEquals("feature/issue-123", s.getBranch());
      assertEquals("0.4213", s.getCostUSD());
      assertEquals("done", s.getSummary());
      assertEquals("True", s.getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow().getStatus());
      assertEquals("True", merged(s).getStatus());
      assertEquals("aaa111", s.getMergedCommit());
      assertEquals(1, s.getConditions().stream().filter(c -> "Merged".equals(c.getType())).count(), s.getConditions()::toString);
    });
  }

  @Test
  void parallelismBoundsHowManyMergesRunAtOnce() {
    finishedPolecat("a", "2026-01-20T00:10:00Z");
    finishedPolecat("b", "2026-01-20T00:20:00Z");
    finishedPolecat("c", "2026-01-20T00:30:00Z");
    Refinery refinery = Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class);
    refinery.getSpec().setParallelism(2);
    client.resource(refinery).create();

    PipelineRun a = awaitRun("refinery-my-refinery-a");
    awaitRun("refinery-my-refinery-b");
    awaitRefinery(s -> assertEquals(1, s.getQueueLength()));
    assertEquals(2, runs().size());

    finish(a, "merged", "aaa111", "");
    awaitRun("refinery-my-refinery-c");
  }

  @Test
  void conflictAndFailingTestsAreRecordedOnThePolecatAndTheQueueGoesOn() {
    applyRefinery();
    finishedPolecat("clash", "2026-01-20T00:10:00Z");
    finishedPolecat("broken", "2026-01-20T00:20:00Z");

    finish(awaitRun("refinery-my-refinery-clash"), "conflict", "", "CONFLICT in README.md, src/app.py");
    finish(awaitRun("refinery-my-refinery-broken"), "tests-failed", "", "Test command exited with code 2: make test");

    awaitPolecat("clash", s -> {
      assertEquals("Conflict", merged(s).getReason());
      assertTrue(merged(s).getMessage().contains("README.md"), merged(s).getMessage());
      assertNull(s.getMergedCommit());
    });
    awaitPolecat("broken", s -> {
      assertEquals("TestsFailed", merged(s).getReason());
      assertTrue(merged(s).getMessage().contains("make test"));
    });
    awaitRefinery(s -> assertEquals(new MergesSummary(2, 0, 2, 0), s.getMergesSummary()));
  }

  @Test
  void pushRejectedBecauseTheTargetMovedIsRetriedNotReportedAsAFailure() {
    applyRefinery();
    finishedPolecat("racer", "2026-01-20T00:10:00Z");

    finish(awaitRun("refinery-my-refinery-racer"), "push-failed", "", "main moved on origin while merging");
    PipelineRun retry = awaitRun("refinery-my-refinery-racer-2");
    assertEquals("2", retry.getMetadata().getLabels().get("gastown.gastown.io/attempt"));
    assertNull(merged(polecatStatus("racer")), "not recorded as a failure");

    finish(retry, "merged", "ddd444", "");
    awaitPolecat("racer", s -> assertEquals("Merged", merged(s).getReason()));
  }

  @Test
  void restartMidQueueNeitherDuplicatesARunNorLosesAnEntry() {
    applyRefinery();
    finishedPolecat("one", "2026-01-20T00:10:00Z");
    finishedPolecat("two", "2026-01-20T00:20:00Z");
    PipelineRun first = awaitRun("refinery-my-refinery-one");
    operator.stop();

    finish(first, "merged", "eee555", "");
    operator = start();
    finish(awaitRun("refinery-my-refinery-two"), "merged", "fff666", "");

    awaitRefinery(s -> assertEquals(new MergesSummary(2, 2, 0, 0), s.getMergesSummary()));
    assertEquals(2, runs().size());
    assertEquals(first.getMetadata().getUid(), client.resources(PipelineRun.class).inNamespace(NS)
        .withName("refinery-my-refinery-one").get().getMetadata().getUid());
  }

  @Test
  void failedOrUnpushedPolecatsAndOtherRigsAreNeverQueued() {
    applyRefinery();
    finishPolecat("failed", "my-project", "agent-failed", "2026-01-20T00:10:00Z");
    finishPolecat("no-changes", "my-project", "no-changes", "2026-01-20T00:11:00Z");
    finishPolecat("elsewhere", "other-rig", "succeeded", "2026-01-20T00:12:00Z");
    finishedPolecat("good", "2026-01-20T00:13:00Z");

    awaitRun("refinery-my-refinery-good");
    awaitRefinery(s -> assertEquals(1, s.getMergesSummary().getTotal()));
    assertEquals(List.of("refinery-my-refinery-good"), runs().stream().map(r -> r.getMetadata().getName()).toList());
  }

  @Test
  void theGoOperatorsRefinerySampleMergesIntoItsRigsRepository() {
    Rig rig = Fixtures.rigWithDefaults();
    rig.getMetadata().setName("sample-rig");
    client.resource(rig).create();
    Refinery sample = Serialization.unmarshal(Fixtures.read("examples/refinery-of-a-rig.yaml"), Refinery.class);
    sample.getMetadata().setNamespace(NS);
    client.resource(sample).create();
    Polecat member = new Polecat();
    member.getMetadata().setName("mp-7");
    member.getMetadata().setNamespace(NS);
    member.getSpec().setRig("sample-rig");
    member.getSpec().setBeadID("mp-7");
    member.getSpec().setDesiredState(DesiredState.Working);
    client.resource(member).create();
    await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(NS).withName("polecat-mp-7").get() != null);
    kubelet.succeeded("polecat-mp-7", FakeKubelet.result("feature/mp-7", "succeeded", "done"), "2026-01-20T00:20:00Z");

    PipelineRun run = await().atMost(Duration.ofSeconds(15)).until(this::runs, r -> !r.isEmpty()).get(0);
    assertEquals("git@github.com:myorg/my-project.git", param(run, "repo-url"));
    assertEquals("feature/mp-7", param(run, "source-branch"));
    assertEquals("main", param(run, "target-branch"));
    assertTrue(run.getSpec().getWorkspaces().stream().anyMatch(w -> w.getSecret() != null
        && "git-ssh-key".equals(w.getSecret().getSecretName())), "the Rig's SSH key pushes the merge");
  }

  @Test
  void aSecondRefineryOfTheSameRigAndBranchStandsByAndTakesOverWhenTheFirstIsDeleted() {
    applyRefinery();
    awaitRefinery(s -> assertEquals(RefineryPhase.Idle, s.getPhase()));
    Refinery second = exampleRefinery();
    second.getMetadata().setName("other-refinery");
    client.resource(second).create();
    awaitRefinery("other-refinery", s -> {
      assertEquals(RefineryPhase.Idle, s.getPhase());
      Condition ready = ready(s);
      assertEquals("False", ready.getStatus());
      assertEquals("DuplicateRefinery", ready.getReason());
      assertTrue(ready.getMessage().contains("my-refinery"), ready.getMessage());
    });
    awaitEvent("other-refinery", "Warning", "DuplicateRefinery", "my-refinery");

    finishedPolecat("solo", "2026-01-20T00:10:00Z");
    awaitRun("refinery-my-refinery-solo");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> runs().size() == 1);

    client.resources(Refinery.class).inNamespace(NS).withName("my-refinery").delete();
    PipelineRun takenOver = awaitRun("refinery-other-refinery-solo");
    finish(takenOver, "merged", "aaa111", "");
    awaitRefinery("other-refinery", s -> {
      assertEquals("Ready", ready(s).getReason());
      assertEquals(new MergesSummary(1, 1, 0, 0), s.getMergesSummary());
    });
  }

  @Test
  void aRefineryWhoseSpecIsUnusableSaysWhyInAWarningEvent() {
    Refinery refinery = exampleRefinery();
    refinery.getSpec().setParallelism(0);
    client.resource(refinery).create();

    awaitRefinery(s -> {
      assertEquals(RefineryPhase.Error, s.getPhase());
      assertEquals("InvalidSpec", ready(s).getReason());
    });
    awaitEvent("my-refinery", "Warning", "InvalidSpec", "spec.parallelism must be at least 1");
  }

  @Test
  void aRefineryNameLongerThanALabelValueIsRejectedBeforeAnyMerge() {
    String name = "r".repeat(64);
    Refinery refinery = exampleRefinery();
    refinery.getMetadata().setName(name);
    client.resource(refinery).create();
    finishedPolecat("waiting", "2026-01-20T00:10:00Z");

    awaitRefinery(name, s -> {
      assertEquals(RefineryPhase.Error, s.getPhase());
      assertEquals("InvalidSpec", ready(s).getReason());
      assertTrue(ready(s).getMessage().contains("at most 63 characters"), ready(s).getMessage());
    });
    awaitEvent(name, "Warning", "InvalidSpec", "metadata.name");
    assertTrue(runs().isEmpty(), "no PipelineRun the API server would reject for its label");
  }

  @Test
  void finishedMergeRunsAreDeletedOnceTheirTtlHasPassedAndTheirResultStays() {
    applyRefinery();
    finishedPolecat("old", "2026-01-20T00:10:00Z");
    finishedPolecat("recent", "2026-01-20T00:20:00Z");
    finish(awaitRun("refinery-my-refinery-old"), "tests-failed", "", "Test command exited with code 2: make test",
        Instant.now().minus(Duration.ofHours(2)));
    finish(awaitRun("refinery-my-refinery-recent"), "merged", "bbb222", "");

    await().atMost(Duration.ofSeconds(15))
        .until(() -> client.resources(PipelineRun.class).inNamespace(NS).withName("refinery-my-refinery-old").get() == null);
    awaitRefinery(s -> {
      assertEquals(List.of("tests-failed", "merged"), s.getHistory().stream().map(MergeRecord::getOutcome).toList());
      assertTrue(s.getHistory().get(0).getMessage().contains("make test"), s.getHistory().get(0).getMessage());
      assertEquals(new MergesSummary(2, 1, 1, 0), s.getMergesSummary());
    });
    awaitPolecat("old", s -> assertEquals("TestsFailed", merged(s).getReason()));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> runs().stream()
        .map(r -> r.getMetadata().getName()).toList().equals(List.of("refinery-my-refinery-recent")));
    assertEquals(List.of("refinery-my-refinery-recent"), runs().stream().map(r -> r.getMetadata().getName()).toList(),
        "a run within its TTL is kept");
  }

  /**
   * mergeVia pull-request: the run pushes the tested merge to the Refinery's head branch and opens a
   * pull request; the Refinery records it and takes the Polecat out of the queue, without calling it merged.
   */
  @Test
  void pullRequestModeRecordsThePullRequestAndTakesThePolecatOutOfTheQueue() {
    client.resource(Fixtures.secret("github-token", "token")).create();
    client.resource(pullRequestRefinery()).create();
    finishedPolecat("reviewed", "2026-01-20T00:10:00Z");

    PipelineRun run = awaitRun("refinery-protected-main-reviewed");
    assertEquals("pull-request", param(run, "merge-via"));
    assertEquals("gastown/merge/feature/bead-reviewed", param(run, "head-branch"));
    assertEquals("myorg/myrepo", param(run, "forge-repository"));
    assertEquals("github-token", run.getSpec().getWorkspaces().stream().filter(w -> w.getName().equals("forge-token"))
        .findFirst().orElseThrow().getSecret().getSecretName());
    String tested = "4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f";
    finish(run, "True", Map.of("outcome", "head-pushed", "merged-commit", tested,
        "summary", "feature/bead-reviewed merged into main (rebase); tests passed; pushed to gastown/merge/feature/bead-reviewed",
        "pull-request-outcome", "opened", "pull-request-url", "https://github.com/myorg/myrepo/pull/42",
        "pull-request-number", "42", "pull-request-message", "Opened pull request #42"));

    awaitRefinery("protected-main", s -> {
      MergeRecord record = s.getHistory().get(0);
      assertEquals("pull-request-opened", record.getOutcome());
      assertEquals("https://github.com/myorg/myrepo/pull/42", record.getPullRequestURL());
      assertEquals(42, record.getPullRequestNumber());
      assertEquals(tested, record.getTestedCommit());
      assertEquals("gastown/merge/feature/bead-reviewed", record.getHeadBranch());
      assertNull(record.getMergedCommit(), "nothing was merged into main");
      assertNull(s.getLastMergeTime());
      assertEquals(new MergesSummary(1, 0, 0, 0, 1), s.getMergesSummary());
      assertEquals(RefineryPhase.Idle, s.getPhase());
    });
    awaitPolecat("reviewed", s -> {
      Condition merged = merged(s);
      assertEquals("Unknown", merged.getStatus());
      assertEquals("PullRequestOpened", merged.getReason());
      assertTrue(merged.getMessage().startsWith("Not merged yet: awaiting the forge's merge of pull request"
          + " https://github.com/myorg/myrepo/pull/42 into main"), merged.getMessage());
      assertNull(s.getMergedCommit());
    });
    awaitEvent("protected-main", "Normal", "PullRequestOpened", "https://github.com/myorg/myrepo/pull/42");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> runs().size() == 1);
  }

  @Test
  void aPullRequestTheForgeRefusedIsAFailedMergeOnThePolecat() {
    client.resource(Fixtures.secret("github-token", "token")).create();
    client.resource(pullRequestRefinery()).create();
    finishedPolecat("refused", "2026-01-20T00:10:00Z");

    finish(awaitRun("refinery-protected-main-refused"), "False", Map.of("outcome", "head-pushed",
        "merged-commit", "4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f", "summary", "pushed",
        "pull-request-outcome", "failed", "pull-request-message", "GitHub answered 401: Bad credentials"));

    awaitPolecat("refused", s -> {
      assertEquals("False", merged(s).getStatus());
      assertEquals("PullRequestFailed", merged(s).getReason());
      assertTrue(merged(s).getMessage().contains("GitHub answered 401: Bad credentials"), merged(s).getMessage());
      assertTrue(merged(s).getMessage().contains("-t pull-request"), merged(s).getMessage());
    });
    awaitRefinery("protected-main", s -> {
      assertEquals("pull-request-failed", s.getHistory().get(0).getOutcome());
      assertEquals(new MergesSummary(1, 0, 1, 0), s.getMergesSummary());
    });
    awaitEvent("protected-main", "Warning", "PullRequestFailed", "Bad credentials");
  }

  @Test
  void pullRequestModeWithoutATokenSecretIsInvalid() {
    Refinery refinery = pullRequestRefinery();
    refinery.getSpec().getPullRequest().setTokenSecretRef(null);
    client.resource(refinery).create();
    finishedPolecat("waiting", "2026-01-20T00:10:00Z");

    awaitRefinery("protected-main", s -> {
      assertEquals(RefineryPhase.Error, s.getPhase());
      assertEquals("InvalidSpec", ready(s).getReason());
    });
    awaitEvent("protected-main", "Warning", "InvalidSpec", "spec.mergeVia pull-request needs spec.pullRequest.tokenSecretRef");
    assertTrue(runs().isEmpty());
  }

  @Test
  void pullRequestModeTakesItsForgeFromTheRigAndStartsNothingWhileTheTokenSecretIsMissing() {
    Rig rig = Fixtures.rigWithDefaults();
    PullRequestSpec forge = new PullRequestSpec();
    forge.setTokenSecretRef(new TokenSecretReference("rig-forge-token", "pat"));
    forge.setRepository("myorg/the-real-repo");
    rig.getSpec().getPolecatDefaults().setPullRequest(forge);
    client.resource(rig).create();
    Refinery refinery = pullRequestRefinery();
    refinery.getSpec().setPullRequest(null);
    client.resource(refinery).create();
    finishedPolecat("early", "2026-01-20T00:10:00Z");

    awaitRefinery("protected-main", s -> {
      assertEquals(RefineryPhase.Error, s.getPhase());
      assertEquals("SecretNotFound", ready(s).getReason());
      assertTrue(ready(s).getMessage().contains("Secret rig-forge-token"), ready(s).getMessage());
      assertEquals(1, s.getQueueLength());
    });
    awaitEvent("protected-main", "Warning", "SecretNotFound", "rig-forge-token");
    assertTrue(runs().isEmpty(), "no run that would test, push the head branch and then fail for want of a token");

    client.resource(Fixtures.secret("rig-forge-token", "pat")).create();
    finishedPolecat("later", "2026-01-20T00:20:00Z");
    PipelineRun run = awaitRun("refinery-protected-main-early");
    assertEquals("myorg/the-real-repo", param(run, "forge-repository"));
    var token = run.getSpec().getWorkspaces().stream().filter(w -> w.getName().equals("forge-token")).findFirst().orElseThrow();
    assertEquals("rig-forge-token", token.getSecret().getSecretName());
    assertEquals("pat", token.getSecret().getItems().get(0).getKey());
    awaitRefinery("protected-main", s -> assertEquals("Ready", ready(s).getReason()));
  }

  @Test
  void pushModeRunsPassNoForgeParamsAndNoToken() {
    applyRefinery();
    finishedPolecat("plain", "2026-01-20T00:10:00Z");
    PipelineRun run = awaitRun("refinery-my-refinery-plain");
    assertTrue(run.getSpec().getParams().stream().noneMatch(p -> p.getName().equals("merge-via")));
    assertEquals(List.of("source", "ssh-directory"), run.getSpec().getWorkspaces().stream().map(w -> w.getName()).toList());
  }

  // --- helpers

  private static Refinery pullRequestRefinery() {
    return Serialization.unmarshal(Fixtures.read("examples/refinery-pull-request.yaml"), Refinery.class);
  }

  private static Refinery exampleRefinery() {
    return Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class);
  }

  private static Condition ready(RefineryStatus status) {
    return status.getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow();
  }

  private void awaitEvent(String involved, String type, String reason, String inMessage) {
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertTrue(events.stream().anyMatch(e ->
        involved.equals(e.getInvolvedObject().getName()) && type.equals(e.getType()) && reason.equals(e.getReason())
            && e.getMessage().contains(inMessage)), "no " + type + " event " + reason + " for " + involved + ": " + events));
  }

  private static Polecat polecat(String name, String rig) {
    Polecat polecat = Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class);
    polecat.getMetadata().setName(name);
    polecat.getSpec().setRig(rig);
    polecat.getSpec().setBeadID("bead-" + name);
    return polecat;
  }

  /** A Polecat of the Refinery's rig that runs and pushes feature/bead-<name>, finishing at the given time. */
  private void finishedPolecat(String name, String completedAt) {
    finishPolecat(name, "my-project", "succeeded", completedAt);
  }

  private void finishPolecat(String name, String rig, String outcome, String completedAt) {
    client.resource(polecat(name, rig)).create();
    String pod = "polecat-" + name;
    await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(NS).withName(pod).get() != null);
    String result = FakeKubelet.result("feature/bead-" + name, outcome, "done");
    if ("agent-failed".equals(outcome)) {
      kubelet.runFailed(pod, 1, result);
    } else {
      kubelet.succeeded(pod, result, completedAt);
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      PolecatStatus s = client.resources(Polecat.class).inNamespace(NS).withName(name).get().getStatus();
      return s != null && s.getPhase() != null && s.getPhase().isTerminal();
    });
  }

  /** Finishes the run now: within the default TTL of finished runs. */
  private void finish(PipelineRun run, String outcome, String mergedCommit, String summary) {
    finish(run, outcome, mergedCommit, summary, Instant.now());
  }

  private void finish(PipelineRun run, String outcome, String mergedCommit, String summary, Instant completedAt) {
    client.resources(PipelineRun.class).inNamespace(NS).withName(run.getMetadata().getName()).editStatus(r -> {
      PipelineRunStatus status = new PipelineRunStatus();
      status.setStartTime(Timestamps.format(completedAt.minusSeconds(120)));
      status.setCompletionTime(Timestamps.format(completedAt));
      status.setConditions(List.of(new ConditionBuilder().withType("Succeeded").withStatus("True")
          .withReason("Succeeded").build()));
      status.setResults(Map.of("outcome", outcome, "merged-commit", mergedCommit, "summary", summary).entrySet().stream()
          .map(e -> new PipelineRunResultBuilder().withName(e.getKey()).withValue(new ParamValue(e.getValue())).build())
          .toList());
      r.setStatus(status);
      return r;
    });
  }

  /** Finishes the run now with these results and Succeeded status ("True", or "False" as when a Task failed). */
  private void finish(PipelineRun run, String succeeded, Map<String, String> results) {
    Instant now = Instant.now();
    client.resources(PipelineRun.class).inNamespace(NS).withName(run.getMetadata().getName()).editStatus(r -> {
      PipelineRunStatus status = new PipelineRunStatus();
      status.setStartTime(Timestamps.format(now.minusSeconds(120)));
      status.setCompletionTime(Timestamps.format(now));
      status.setConditions(List.of(new ConditionBuilder().withType("Succeeded").withStatus(succeeded)
          .withReason("True".equals(succeeded) ? "Succeeded" : "Failed").build()));
      status.setResults(results.entrySet().stream()
          .map(e -> new PipelineRunResultBuilder().withName(e.getKey()).withValue(new ParamValue(e.getValue())).build())
          .toList());
      r.setStatus(status);
      return r;
    });
  }

  private PipelineRun awaitRun(String name) {
    return await().atMost(Duration.ofSeconds(15))
        .until(() -> client.resources(PipelineRun.class).inNamespace(NS).withName(name).get(), r -> r != null);
  }

  private List<PipelineRun> runs() {
    return client.resources(PipelineRun.class).inNamespace(NS).list().getItems();
  }

  private static String param(PipelineRun run, String name) {
    return run.getSpec().getParams().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow()
        .getValue().getStringVal();
  }

  private PolecatStatus polecatStatus(String name) {
    return client.resources(Polecat.class).inNamespace(NS).withName(name).get().getStatus();
  }

  private static Condition merged(PolecatStatus status) {
    return status.getConditions().stream().filter(c -> "Merged".equals(c.getType())).findFirst().orElse(null);
  }

  private void awaitPolecat(String name, Consumer<PolecatStatus> assertion) {
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      PolecatStatus status = polecatStatus(name);
      assertNotNull(merged(status), name + " has a Merged condition");
      assertion.accept(status);
    });
  }

  private void awaitRefinery(Consumer<RefineryStatus> assertion) {
    awaitRefinery("my-refinery", assertion);
  }

  private void awaitRefinery(String name, Consumer<RefineryStatus> assertion) {
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      Refinery refinery = client.resources(Refinery.class).inNamespace(NS).withName(name).get();
      assertNotNull(refinery.getStatus());
      assertion.accept(refinery.getStatus());
    });
  }
}
