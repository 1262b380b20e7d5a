package io.gastown.operator.rig;

import static io.gastown.operator.polecat.PolecatAssertions.assertCondition;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.Fixtures;
import io.gastown.operator.GastownOperator;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.api.rig.RigPhase;
import io.gastown.operator.api.rig.RigStatus;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.polecat.FakeKubelet;
import io.gastown.operator.polecat.LivePods;
import io.gastown.operator.polecat.PolecatAssertions;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rigs against the mock API server: what Polecats inherit, how many work at once, the budget, the status. */
@EnableKubernetesMockClient(crud = true)
class RigOperatorTest {

  static final String NS = Fixtures.NAMESPACE;

  KubernetesClient client;
  FakeKubelet kubelet;
  Operator operator;
  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startOperator() {
    kubelet = new FakeKubelet(client);
    Fixtures.createGuideSecrets(client);
    operator = GastownOperator.start(client, OperatorConfig.defaults().withSecretRetryDelay(Duration.ofMillis(300)),
        Clock.systemUTC(), events::add);
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
  }

  @Test
  void aPolecatThatNamesOnlyItsRigAndBeadRunsWithTheRigsDefaults() {
    client.resource(rig(4, null)).create();
    client.resource(Serialization.unmarshal(Fixtures.read("examples/rig-with-defaults.yaml").split("\n---\n")[1],
        Polecat.class)).create();

    Pod pod = awaitPod("polecat-mp-42");
    var gitInit = pod.getSpec().getInitContainers().get(0);
    assertTrue(gitInit.getEnv().stream().anyMatch(e -> e.getValue() != null
        && e.getValue().equals("git@github.com:myorg/my-project.git")), "the Rig's gitURL is cloned: " + gitInit.getEnv());
    assertEquals(1800L, pod.getSpec().getActiveDeadlineSeconds());
    assertTrue(pod.getSpec().getVolumes().stream().anyMatch(v -> v.getSecret() != null
        && "git-ssh-key".equals(v.getSecret().getSecretName())));
    assertTrue(pod.getSpec().getContainers().get(0).getEnv().stream()
        .anyMatch(e -> "40".equals(e.getValue())), "the Rig's maxTurns reaches the agent");
  }

  @Test
  void noMoreThanMaxPolecatsWorkAtOnceAndTheOthersStartOldestFirst() {
    int cap = 5;
    int count = 200;
    client.resource(rig(cap, null)).create();
    LivePods pods = new LivePods(client, NS);
    try (pods) {
      for (int i = 0; i < count; i++) {
        client.resource(member(String.format("mp-%03d", i))).create();
      }
      for (int done = 0; done < count; done++) {
        String next = String.format("polecat-mp-%03d", done);
        await().alias(next + " starts").atMost(Duration.ofSeconds(20)).until(() -> pods.isLive(next));
        // Its agent is no longer working from this write on, so no earlier than here may another start.
        pods.finishing(next);
        kubelet.succeeded(next, FakeKubelet.result("feature/mp-" + done, "succeeded", "done"), "2026-12-01T10:00:00Z");
      }
      PolecatAssertions.awaitStatus(client, String.format("mp-%03d", count - 1), s -> assertEquals(PolecatPhase.Done, s.getPhase()));
    }
    assertEquals(cap, pods.most(), "at most maxPolecats pods of unfinished Polecats existed at any moment");
    // The oldest maxPolecats start together; after that each freed slot goes to the oldest waiting one.
    assertEquals(Set.of("polecat-mp-000", "polecat-mp-001", "polecat-mp-002", "polecat-mp-003", "polecat-mp-004"),
        Set.copyOf(pods.startOrder().subList(0, cap)));
    for (int i = cap; i < count; i++) {
      assertEquals(String.format("polecat-mp-%03d", i), pods.startOrder().get(i), "started oldest first");
    }
  }

  @Test
  void aWaitingPolecatSaysWhyAndStartsWhenADeletedOneFreesItsSlot() {
    client.resource(rig(1, null)).create();
    client.resource(member("mp-1")).create();
    awaitPod("polecat-mp-1");
    client.resource(member("mp-2")).create();
    PolecatAssertions.awaitStatus(client, "mp-2", s -> {
      assertEquals(PolecatPhase.Pending, s.getPhase());
      assertCondition(s, "Ready", "False", "RigAtCapacity", null);
    });
    awaitRig(s -> assertRigCondition(s.getConditions(), "AtCapacity", "True"));

    client.resources(Polecat.class).inNamespace(NS).withName("mp-1").delete();
    // The mock server has no garbage collector: the test deletes the owned pod, as GC would.
    client.pods().inNamespace(NS).withName("polecat-mp-1").delete();
    awaitPod("polecat-mp-2");
  }

  @Test
  void aSpentBudgetHoldsNewPolecatsUntilItIsRaised() {
    client.resource(rig(4, "0.40")).create();
    client.resource(member("mp-1")).create();
    awaitPod("polecat-mp-1");
    kubelet.succeeded("polecat-mp-1", FakeKubelet.result("feature/mp-1", "succeeded", "done"), "2026-12-01T10:00:00Z");
    PolecatAssertions.awaitStatus(client, "mp-1", s -> assertEquals("0.4213", s.getCostUSD()));
    awaitRig(s -> assertEquals("0.4213", s.getCostUSD()));

    client.resource(member("mp-2")).create();
    PolecatAssertions.awaitStatus(client, "mp-2", s -> assertCondition(s, "Ready", "False", "RigBudgetExhausted", null));
    awaitRig(s -> assertRigCondition(s.getConditions(), "BudgetExhausted", "True"));

    client.resources(Rig.class).withName("my-project")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"settings\":{\"maxCostUSD\":\"10\"}}}");
    awaitPod("polecat-mp-2");
  }

  @Test
  void theRigCountsItsPolecatsByPhaseAndSumsTheirCost() {
    client.resource(rig(4, null)).create();
    client.resource(member("mp-1")).create();
    client.resource(member("mp-2")).create();
    awaitPod("polecat-mp-1");
    awaitPod("polecat-mp-2");
    kubelet.succeeded("polecat-mp-1", FakeKubelet.result("feature/mp-1", "succeeded", "done"), "2026-12-01T10:00:00Z");
    kubelet.running("polecat-mp-2");

    awaitRig(s -> {
      assertEquals(RigPhase.Ready, s.getPhase());
      assertEquals(2, s.getPolecatCount());
      assertEquals(Map.of("Done", 1, "Working", 1), s.getPolecatsByPhase());
      assertEquals(1, s.getWorking());
      assertEquals("0.4213", s.getCostUSD());
      assertRigCondition(s.getConditions(), "Ready", "True");
    });
  }

  @Test
  void aRigWhoseDefaultsNameABranchForEveryPolecatIsDegraded() {
    Rig rig = rig(4, null);
    rig.getSpec().getPolecatDefaults().getKubernetes().setWorkBranch("shared");
    client.resource(rig).create();

    awaitRig(s -> {
      assertEquals(RigPhase.Degraded, s.getPhase());
      assertTrue(s.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "InvalidSpec".equals(c.getReason())
          && c.getMessage().contains("workBranch")), String.valueOf(s.getConditions()));
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> "InvalidSpec".equals(e.getReason())
        && "Rig".equals(e.getInvolvedObject().getKind())));
  }

  // --- helpers

  private static Rig rig(int maxPolecats, String maxCostUSD) {
    Rig rig = Fixtures.rigWithDefaults();
    rig.getSpec().getSettings().setMaxPolecats(maxPolecats);
    rig.getSpec().getSettings().setMaxCostUSD(maxCostUSD);
    return rig;
  }

  private static Polecat member(String bead) {
    Polecat polecat = new Polecat();
    polecat.getMetadata().setName(bead);
    polecat.getMetadata().setNamespace(NS);
    polecat.getSpec().setRig("my-project");
    polecat.getSpec().setBeadID(bead);
    polecat.getSpec().setDesiredState(io.gastown.operator.api.polecat.DesiredState.Working);
    return polecat;
  }

  private Pod awaitPod(String name) {
    return await().atMost(Duration.ofSeconds(15))
        .until(() -> client.pods().inNamespace(NS).withName(name).get(), p -> p != null);
  }

  private void awaitRig(java.util.function.Consumer<RigStatus> assertion) {
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      Rig rig = client.resources(Rig.class).withName("my-project").get();
      assertTrue(rig.getStatus() != null, "no status yet");
      assertion.accept(rig.getStatus());
    });
  }

  private static void assertRigCondition(List<io.fabric8.kubernetes.api.model.Condition> conditions, String type, String status) {
    assertTrue(conditions.stream().anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus())),
        type + "=" + status + " in " + conditions);
  }
}
