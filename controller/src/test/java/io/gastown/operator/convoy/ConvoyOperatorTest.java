package io.gastown.operator.convoy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.Fixtures;
import io.gastown.operator.GastownOperator;
import io.gastown.operator.api.convoy.Convoy;
import io.gastown.operator.api.convoy.ConvoyPhase;
import io.gastown.operator.api.convoy.ConvoyStatus;
import io.gastown.operator.api.polecat.DesiredState;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.api.witness.Witness;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.polecat.FakeKubelet;
import io.gastown.operator.polecat.LivePods;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Convoys against the mock API server: one Polecat per bead, parallelism, per-bead status, merges. */
@EnableKubernetesMockClient(crud = true)
class ConvoyOperatorTest {

  static final String NS = Fixtures.NAMESPACE;

  KubernetesClient client;
  FakeKubelet kubelet;
  Operator operator;
  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startOperator() {
    kubelet = new FakeKubelet(client);
    Fixtures.createGuideSecrets(client);
    client.resource(Fixtures.rigWithDefaults())
        .create();
    operator = GastownOperator.start(client, OperatorConfig.defaults().withSecretRetryDelay(Duration.ofMillis(300)),
        Clock.systemUTC(), events::add);
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
  }

  @Test
  void aConvoyOfFiveBeadsRunsTwoAtATimeAndCompletesOnlyOnceTheRefineryMergedEveryBranch() {
    Refinery refinery = Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class);
    client.resource(refinery).create();
    LivePods pods = new LivePods(client, NS);
    List<String> beads = List.of("mp-1", "mp-2", "mp-3", "mp-4", "mp-5");
    try (pods) {
      client.resource(convoy("wave", beads, 2)).create();
      for (String bead : beads) {
        String pod = "polecat-wave-" + bead;
        await().alias(pod).atMost(Duration.ofSeconds(15)).until(() -> pods.isLive(pod));
        pods.finishing(pod);
        kubelet.succeeded(pod, FakeKubelet.result("feature/" + bead, "succeeded", "done"), "2026-12-01T10:00:00Z");
      }
    }
    assertEquals(2, pods.most(), "at most parallelism Polecats of the convoy worked at once");
    awaitConvoy("wave", s -> {
      assertEquals(5, s.getBeads().stream().filter(b -> b.getPhase() == PolecatPhase.Done).count(), s.getBeads().toString());
      assertEquals(ConvoyPhase.InProgress, s.getPhase(), "pushed but not merged");
      assertEquals("0/5", s.getProgress());
    });

    for (String bead : beads) {
      merged("wave-" + bead, true);
    }
    awaitConvoy("wave", s -> {
      assertEquals(ConvoyPhase.Complete, s.getPhase());
      assertEquals("5/5", s.getProgress());
      assertEquals(beads, s.getCompletedBeads());
      assertTrue(s.getBeads().stream().allMatch(b -> Boolean.TRUE.equals(b.getMerged()) && "feature/" .concat(b.getBead())
          .equals(b.getBranch())), s.getBeads().toString());
      assertNotNull(s.getCompletedAt());
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> "ConvoyComplete".equals(e.getReason())));
  }

  /**
   * The whole story: a Rig with defaults and maxPolecats 2, a Convoy of five beads with
   * parallelism 2, a Witness with one retry. One agent hangs and is retried; the cap holds at the
   * server; the Convoy is Complete only after every branch is merged.
   */
  @Test
  void aRigAConvoyOfFiveAndAWitnessWithRetriesEndToEnd() {
    client.resources(Rig.class).withName("my-project")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"settings\":{\"maxPolecats\":2}}}");
    client.resource(Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class)).create();
    Witness witness = new Witness();
    witness.getMetadata().setName("watch");
    witness.getMetadata().setNamespace(NS);
    witness.getSpec().setRigRef("my-project");
    witness.getSpec().setMaxRetries(1);
    witness.getSpec().setBackoff("1s");
    client.resource(witness).create();
    LivePods pods = new LivePods(client, NS);
    List<String> beads = List.of("mp-1", "mp-2", "mp-3", "mp-4", "mp-5");
    try (pods) {
      client.resource(convoy("story", beads, 2)).create();
      for (String bead : beads) {
        String pod = "polecat-story-" + bead;
        await().alias(pod).atMost(Duration.ofSeconds(15)).until(() -> pods.isLive(pod));
        pods.finishing(pod);
        if (bead.equals("mp-2")) {
          kubelet.runFailed(pod, 1, FakeKubelet.result("feature/mp-2", "hung", "Claude Code printed nothing for 900 seconds"));
          String retry = pod + "-2";
          await().alias(retry).atMost(Duration.ofSeconds(15)).until(() -> pods.isLive(retry));
          pods.finishing(retry);
          kubelet.succeeded(retry, FakeKubelet.result("feature/mp-2", "succeeded", "done"), "2026-12-01T10:00:00Z");
        } else {
          kubelet.succeeded(pod, FakeKubelet.result("feature/" + bead, "succeeded", "done"), "2026-12-01T10:00:00Z");
        }
      }
    }
    assertEquals(2, pods.most(), "never more than 2 agents at once");
    awaitConvoy("story", s -> {
      assertEquals(ConvoyPhase.InProgress, s.getPhase(), "pushed, not merged yet");
      assertEquals(List.of(), s.getFailedBeads(), "the hung bead was retried, not failed");
    });
    assertEquals(2, client.resources(Polecat.class).inNamespace(NS).withName("story-mp-2").get().getStatus().getAttempt());
    for (String bead : beads) {
      merged("story-" + bead, true);
    }
    awaitConvoy("story", s -> {
      assertEquals(ConvoyPhase.Complete, s.getPhase());
      assertEquals(beads, s.getCompletedBeads());
    });
    assertTrue(events.stream().noneMatch(e -> "BeadsFailed".equals(e.getReason())), "no transient failure was reported");
  }

  @Test
  void aBeadTheRigWorksOnAlreadyIsTrackedNotStartedTwiceAndAFailureIsNamed() {
    Polecat existing = new Polecat();
    existing.getMetadata().setName("by-hand");
    existing.getMetadata().setNamespace(NS);
    existing.getSpec().setRig("my-project");
    existing.getSpec().setBeadID("mp-1");
    existing.getSpec().setDesiredState(DesiredState.Working);
    client.resource(existing).create();
    await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(NS).withName("polecat-by-hand").get() != null);

    client.resource(convoy("pair", List.of("mp-1", "mp-2"), 0)).create();
    await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(NS).withName("polecat-pair-mp-2").get() != null);
    kubelet.runFailed("polecat-by-hand", 1, FakeKubelet.result("feature/mp-1", "agent-failed", "gave up"));
    kubelet.succeeded("polecat-pair-mp-2", FakeKubelet.result("feature/mp-2", "succeeded", "done"), "2026-12-01T10:00:00Z");

    awaitConvoy("pair", s -> {
      assertEquals(ConvoyPhase.Failed, s.getPhase());
      assertEquals(List.of("mp-1"), s.getFailedBeads());
      assertEquals(List.of("mp-2"), s.getCompletedBeads());
      assertEquals("by-hand", s.getBeads().get(0).getPolecat());
    });
    assertEquals(null, client.resources(Polecat.class).inNamespace(NS).withName("pair-mp-1").get(), "no second Polecat for mp-1");
    await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> "BeadsFailed".equals(e.getReason())
        && e.getMessage().contains("mp-1")));
  }

  @Test
  void addingABeadStartsItAndRemovingOneNeverStopsItsAgent() {
    client.resource(convoy("grow", List.of("mp-1"), 0)).create();
    await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(NS).withName("polecat-grow-mp-1").get() != null);

    // A merge patch, as kubectl edit would send: no resource version to race the operator's status writes.
    client.resources(Convoy.class).inNamespace(NS).withName("grow")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"trackedBeads\":[\"mp-2\"]}}");
    await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(NS).withName("polecat-grow-mp-2").get() != null);
    Polecat kept = client.resources(Polecat.class).inNamespace(NS).withName("grow-mp-1").get();
    assertNotNull(kept, "the removed bead's Polecat is kept");
    assertEquals(DesiredState.Working, kept.getSpec().getDesiredState());
    assertNotNull(client.pods().inNamespace(NS).withName("polecat-grow-mp-1").get());
  }

  @Test
  void theGoOperatorsConvoySampleApplies() {
    Convoy sample = Serialization.unmarshal(Fixtures.read("examples/convoy.yaml"), Convoy.class);
    sample.getMetadata().setNamespace(NS);
    client.resource(sample).create();

    awaitConvoy(sample.getMetadata().getName(), s -> {
      assertEquals(3, s.getBeads().size());
      assertEquals("0/3", s.getProgress());
    });
  }

  private static Convoy convoy(String name, List<String> beads, int parallelism) {
    Convoy convoy = new Convoy();
    convoy.getMetadata().setName(name);
    convoy.getMetadata().setNamespace(NS);
    convoy.getSpec().setDescription("a wave of beads");
    convoy.getSpec().setTrackedBeads(beads);
    convoy.getSpec().setParallelism(parallelism);
    convoy.getSpec().setRigRef("my-project");
    return convoy;
  }

  /**
   * A Refinery in pull-request mode marks a Polecat Merged=Unknown once its tested merge is in a pull
   * request: the forge merges it, the Refinery's part is done, so the bead is complete (not "merged").
   */
  @Test
  void aBeadWhoseTestedMergeIsInAPullRequestIsComplete() {
    client.resource(Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class)).create();
    client.resource(convoy("reviewed", List.of("mp-9"), 1)).create();
    String pod = "polecat-reviewed-mp-9";
    await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(NS).withName(pod).get() != null);
    kubelet.succeeded(pod, FakeKubelet.result("feature/mp-9", "succeeded", "done"), "2026-12-01T10:00:00Z");
    awaitConvoy("reviewed", s -> assertEquals(ConvoyPhase.InProgress, s.getPhase(), "pushed, no pull request yet"));

    // As the Refinery writes it: a JSON patch that appends the condition, whatever the Polecat reconciler wrote meanwhile.
    var condition = new ConditionBuilder().withType("Merged").withStatus("Unknown").withReason("PullRequestOpened")
        .withMessage("Not merged yet: awaiting the forge's merge of pull request …")
        .withLastTransitionTime("2026-12-01T10:05:00Z").build();
    client.resources(Polecat.class).inNamespace(NS).withName("reviewed-mp-9").subresource("status").patch(
        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
        Serialization.asJson(List.of(java.util.Map.of("op", "add", "path", "/status/conditions/-", "value", condition))));
    awaitConvoy("reviewed", s -> {
      assertEquals(ConvoyPhase.Complete, s.getPhase());
      assertEquals("1/1", s.getProgress());
      assertNull(s.getBeads().get(0).getMerged(), "in a pull request: neither merged nor failed");
    });
  }

  /** What the Refinery writes when it merged (or failed to merge) the Polecat's branch. */
  private void merged(String polecat, boolean merged) {
    client.resources(Polecat.class).inNamespace(NS).withName(polecat).editStatus(p -> {
      p.getStatus().getConditions().add(new ConditionBuilder().withType("Merged").withStatus(merged ? "True" : "False")
          .withReason(merged ? "Merged" : "Conflict").withMessage("by the test").withLastTransitionTime("2026-12-01T10:05:00Z")
          .build());
      return p;
    });
  }

  private void awaitConvoy(String name, Consumer<ConvoyStatus> assertion) {
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      Convoy convoy = client.resources(Convoy.class).inNamespace(NS).withName(name).get();
      assertNotNull(convoy.getStatus(), "no status yet");
      assertion.accept(convoy.getStatus());
    });
  }
}
