package io.gastown.operator.witness;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.Fixtures;
import io.gastown.operator.GastownOperator;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.witness.Witness;
import io.gastown.operator.api.witness.WitnessPhase;
import io.gastown.operator.api.witness.WitnessStatus;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.polecat.FakeKubelet;
import io.gastown.operator.polecat.PolecatAssertions;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Witnesses against the mock API server: the stuck threshold reaches the agents; failures and stuck agents are escalated once. */
@EnableKubernetesMockClient(crud = true)
class WitnessOperatorTest {

  static final String NS = Fixtures.NAMESPACE;

  KubernetesClient client;
  FakeKubelet kubelet;
  Operator operator;
  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startOperator() {
    kubelet = new FakeKubelet(client);
    Fixtures.createGuideSecrets(client);
    // Secrets read afresh on each look: the test changes the credentials secret.
    operator = GastownOperator.start(client, OperatorConfig.fromEnvironment(java.util.Map.of("GASTOWN_SECRET_CACHE_SECONDS", "0"))
            .withSecretRetryDelay(Duration.ofMillis(300)),
        Clock.systemUTC(), events::add);
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
  }

  @Test
  void theWitnessStuckThresholdIsWhatTheAgentStepStopsASilentAgentAfter() {
    client.resource(witness("2m")).create();
    client.resource(polecat("watched")).create();

    Pod pod = awaitPod("polecat-watched");
    assertEquals("120", env(pod, "claude", "STUCK_THRESHOLD_SECONDS"));
  }

  @Test
  void aFailedAndAStuckPolecatAreEscalatedOnceEachAndCounted() {
    client.resource(witness("15m")).create();
    client.resource(polecat("fails")).create();
    client.resource(polecat("hangs")).create();
    client.resource(polecat("works")).create();
    kubelet.runFailed(awaitPod("polecat-fails").getMetadata().getName(), 1, FakeKubelet.result("feature/a", "agent-failed", "gave up"));
    kubelet.runFailed(awaitPod("polecat-hangs").getMetadata().getName(), 1,
        FakeKubelet.result("feature/b", "hung", "Claude Code printed nothing for 900 seconds"));
    kubelet.running(awaitPod("polecat-works").getMetadata().getName());

    awaitWitness(s -> {
      assertEquals(WitnessPhase.Pending, s.getPhase(), "no Rig my-project exists");
      assertEquals(3, s.getPolecatsSummary().getTotal());
      assertEquals(1, s.getPolecatsSummary().getRunning());
      assertEquals(1, s.getPolecatsSummary().getFailed());
      assertEquals(1, s.getPolecatsSummary().getStuck());
      assertEquals(List.of("fails", "hangs"), s.getEscalated());
      assertTrue(s.getConditions().stream().anyMatch(c -> "Escalated".equals(c.getType()) && "True".equals(c.getStatus())));
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> reasons().containsAll(List.of("PolecatFailed", "PolecatStuck")));
    kubelet.succeeded("polecat-works", FakeKubelet.result("feature/c", "succeeded", "done"), "2026-12-01T10:00:00Z");
    awaitWitness(s -> assertEquals(1, s.getPolecatsSummary().getSucceeded()));
    assertEquals(1, reasons().stream().filter("PolecatFailed"::equals).count(), "escalated once: " + reasons());
  }

  @Test
  void aHungAgentIsRetriedAsANewAttemptAfterTheBackoffAndBadCredentialsOnlyOnceTheSecretChanged() {
    Witness witness = witness("15m");
    witness.getSpec().setMaxRetries(1);
    witness.getSpec().setBackoff("1s");
    client.resource(witness).create();
    client.resource(polecat("flaky")).create();
    client.resource(polecat("badauth")).create();
    kubelet.runFailed(awaitPod("polecat-flaky").getMetadata().getName(), 1,
        FakeKubelet.result("feature/bead-flaky", "hung", "Claude Code printed nothing for 900 seconds"));
    kubelet.runFailed(awaitPod("polecat-badauth").getMetadata().getName(), 1,
        FakeKubelet.result("feature/bead-badauth", "auth-failed", "HTTP 401"));

    Pod second = awaitPod("polecat-flaky-2");
    assertEquals("flaky", second.getMetadata().getOwnerReferences().get(0).getName());
    assertNotNull(client.pods().inNamespace(NS).withName("polecat-flaky").get(), "the hung attempt's pod keeps its logs");
    PolecatAssertions.awaitStatus(client, "flaky", s -> {
      assertEquals(2, s.getAttempt());
      assertEquals("polecat-flaky-2", s.getPodName());
    });
    kubelet.succeeded("polecat-flaky-2", FakeKubelet.result("feature/bead-flaky", "succeeded", "done"), "2026-12-01T10:00:00Z");
    PolecatAssertions.awaitStatus(client, "flaky", s -> {
      assertEquals(PolecatPhase.Done, s.getPhase());
      assertEquals(2, s.getAttempt());
      assertEquals("feature/bead-flaky", s.getBranch());
      assertEquals("0.8426", s.getCostUSD(), "both attempts' cost");
    });
    // Both attempts waited for their pod: the second Pending Event is not lost to the first one's name.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(
        List.of("Waiting for pod polecat-flaky to start", "Waiting for pod polecat-flaky-2 to start"),
        client.v1().events().inNamespace(NS).list().getItems().stream()
            .filter(e -> "flaky".equals(e.getInvolvedObject().getName()) && "Pending".equals(e.getReason()))
            .map(Event::getMessage).sorted().toList()));

    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> client.pods().inNamespace(NS).withName("polecat-badauth-2").get() == null);
    assertEquals(PolecatPhase.Failed, PolecatAssertions.status(client, "badauth").getPhase());

    // Refreshed credentials (Token Refresh in the user guide): now another attempt can succeed.
    client.secrets().inNamespace(NS).withName("claude-home").edit(secret -> {
      secret.getData().put(".credentials.json", java.util.Base64.getEncoder().encodeToString("refreshed".getBytes()));
      return secret;
    });
    Pod retried = awaitPod("polecat-badauth-2");
    assertEquals("badauth", retried.getMetadata().getOwnerReferences().get(0).getName());
    PolecatAssertions.awaitStatus(client, "badauth", s -> assertEquals(2, s.getAttempt()));
    await().atMost(Duration.ofSeconds(5)).until(() -> client.v1().events().inNamespace(NS).list().getItems().stream()
        .anyMatch(e -> "badauth".equals(e.getInvolvedObject().getName()) && e.getMessage().contains("credentials secret changed")));
  }

  @Test
  void noMoreAttemptsThanMaxRetriesAllows() {
    Witness witness = witness("15m");
    witness.getSpec().setMaxRetries(1);
    witness.getSpec().setBackoff("1s");
    client.resource(witness).create();
    client.resource(polecat("twice")).create();
    kubelet.runFailed(awaitPod("polecat-twice").getMetadata().getName(), 1,
        FakeKubelet.result("feature/bead-twice", "agent-failed", "gave up"));
    kubelet.runFailed(awaitPod("polecat-twice-2").getMetadata().getName(), 1,
        FakeKubelet.result("feature/bead-twice", "agent-failed", "gave up again"));

    await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
        .until(() -> client.pods().inNamespace(NS).withName("polecat-twice-3").get() == null);
    PolecatAssertions.awaitStatus(client, "twice", s -> {
      assertEquals(PolecatPhase.Failed, s.getPhase());
      assertEquals(2, s.getAttempt());
    });
  }

  @Test
  void theGoOperatorsWitnessSampleApplies() {
    Witness sample = Serialization.unmarshal(Fixtures.read("examples/witness.yaml"), Witness.class);
    sample.getMetadata().setNamespace(NS);
    client.resource(sample).create();

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      Witness w = client.resources(Witness.class).inNamespace(NS).withName("witness-sample").get();
      assertNotNull(w.getStatus());
      assertEquals(WitnessPhase.Pending, w.getStatus().getPhase());
    });
  }

  private List<String> reasons() {
    return events.stream().filter(e -> "Witness".equals(e.getInvolvedObject().getKind())).map(Event::getReason).toList();
  }

  private static Witness witness(String stuckThreshold) {
    Witness witness = new Witness();
    witness.getMetadata().setName("watch");
    witness.getMetadata().setNamespace(NS);
    witness.getSpec().setRigRef("my-project");
    witness.getSpec().setStuckThreshold(stuckThreshold);
    return witness;
  }

  private static Polecat polecat(String name) {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getMetadata().setName(name);
    polecat.getMetadata().setUid(null);
    polecat.getSpec().setBeadID("bead-" + name);
    return polecat;
  }

  private Pod awaitPod(String name) {
    return await().atMost(Duration.ofSeconds(15))
        .until(() -> client.pods().inNamespace(NS).withName(name).get(), p -> p != null);
  }

  private static String env(Pod pod, String container, String name) {
    return pod.getSpec().getContainers().stream().filter(c -> container.equals(c.getName())).findFirst().orElseThrow()
        .getEnv().stream().filter(e -> name.equals(e.getName())).findFirst().orElseThrow().getValue();
  }

  private void awaitWitness(Consumer<WitnessStatus> assertion) {
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      Witness w = client.resources(Witness.class).inNamespace(NS).withName("watch").get();
      assertNotNull(w.getStatus(), "no status yet");
      assertion.accept(w.getStatus());
    });
  }
}
