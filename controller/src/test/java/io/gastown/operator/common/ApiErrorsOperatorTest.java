package io.gastown.operator.common;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.Fixtures;
import io.gastown.operator.GastownOperator;
import io.gastown.operator.api.WithConditions;
import io.gastown.operator.api.beadstore.BeadStore;
import io.gastown.operator.api.polecat.Polecat;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An API call that fails shows on the resource with the server's message, and is retried until it goes through. */
@EnableKubernetesMockClient(crud = true)
class ApiErrorsOperatorTest {

  static final String NS = Fixtures.NAMESPACE;
  static final String PODS = "/api/v1/namespaces/" + NS + "/pods";

  KubernetesMockServer server;
  KubernetesClient client;
  Operator operator;
  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startOperator() {
    Fixtures.createGuideSecrets(client);
    // fabric8 retries a 5xx itself (10 times by default) before the reconcile sees it: here, at once.
    KubernetesClient noClientRetries = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build()).build();
    operator = GastownOperator.start(noClientRetries, OperatorConfig.defaults(), Clock.systemUTC(), events::add);
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
  }

  @Test
  void aPodCreateTheServerRefusesIsOnThePolecatUntilARetryCreatesIt() {
    refusePodCreates(2);
    client.resource(Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class)).create();

    Condition failed = awaitCondition(() -> status(Polecat.class, "my-worker"));
    assertEquals("False", failed.getStatus());
    assertEquals("ApiError", failed.getReason());
    assertTrue(failed.getMessage().startsWith("the API server answered 500: etcd is unavailable"), failed.getMessage());
    await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
        .anyMatch(e -> "ApiError".equals(e.getReason()) && "Warning".equals(e.getType())));

    await().atMost(Duration.ofSeconds(20)).until(() -> client.pods().inNamespace(NS).withName("polecat-my-worker").get() != null);
    await().atMost(Duration.ofSeconds(10)).until(() -> reconciled(status(Polecat.class, "my-worker")).isEmpty());
  }

  @Test
  void aBeadStoreWhoseSyncPodIsRefusedSaysSoAndSyncsOnceTheServerTakesIt() {
    client.resource(Fixtures.rigWithDefaults())
        .create();
    refusePodCreates(3);
    BeadStore store = new BeadStore();
    store.getMetadata().setName("beads");
    store.getMetadata().setNamespace(NS);
    store.getSpec().setRigRef("my-project");
    store.getSpec().setPrefix("mp-");
    client.resource(store).create();

    Condition failed = awaitCondition(() -> status(BeadStore.class, "beads"));
    assertTrue(failed.getMessage().contains("etcd is unavailable"), failed.getMessage());

    await().atMost(Duration.ofSeconds(20)).until(() -> client.pods().inNamespace(NS).withName("beadstore-beads-sync").get() != null);
    await().atMost(Duration.ofSeconds(10)).until(() -> reconciled(status(BeadStore.class, "beads")).isEmpty());
  }

  private void refusePodCreates(int times) {
    server.expect().post().withPath(PODS)
        .andReturn(500, new StatusBuilder().withCode(500).withStatus("Failure").withMessage("etcd is unavailable").build())
        .times(times);
  }

  private <T extends io.fabric8.kubernetes.client.CustomResource<?, ? extends WithConditions>> WithConditions status(
      Class<T> kind, String name) {
    T resource = client.resources(kind).inNamespace(NS).withName(name).get();
    return resource == null ? null : resource.getStatus();
  }

  private static Optional<Condition> reconciled(WithConditions status) {
    return status == null ? Optional.empty() : Conditions.find(status.getConditions(), ApiErrors.CONDITION);
  }

  private static Condition awaitCondition(Supplier<WithConditions> status) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> reconciled(status.get()).orElse(null), c -> c != null);
  }
}
