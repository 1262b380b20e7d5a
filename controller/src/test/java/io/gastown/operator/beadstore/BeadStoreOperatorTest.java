package io.gastown.operator.beadstore;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.gastown.operator.Fixtures;
import io.gastown.operator.GastownOperator;
import io.gastown.operator.api.beadstore.BeadStore;
import io.gastown.operator.api.beadstore.BeadStorePhase;
import io.gastown.operator.api.beadstore.BeadStoreStatus;
import io.gastown.operator.api.polecat.SecretReference;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.common.Timestamps;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BeadStores against the mock API server: a sync Pod per sync, its counts on the status, failures explained. */
@EnableKubernetesMockClient(crud = true)
class BeadStoreOperatorTest {

  static final String NS = Fixtures.NAMESPACE;
  static final String POD = "beadstore-beads-sync";
  static final String COMMIT = "3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d";

  KubernetesClient client;
  Operator operator;
  final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startOperator() {
    client.resource(Fixtures.secret("git-ssh-key", "ssh-privatekey")).create();
    operator = GastownOperator.start(client, OperatorConfig.defaults().withSecretRetryDelay(Duration.ofMillis(300)),
        Clock.systemUTC(), events::add);
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
  }

  @Test
  void aSyncPodReadsTheRigsRepositoryWithoutCredentialsInTheCountingStepAndTheCountsReachTheStatus() {
    Rig rig = Fixtures.rigWithDefaults();
    rig.getSpec().getPolecatDefaults().getKubernetes().setGitBranch("develop");
    rig.getSpec().getPolecatDefaults().getKubernetes().setImage("registry.example/agent:2");
    client.resource(rig).create();
    client.resource(store("gt-", null)).create();

    Pod pod = awaitPod();
    Container clone = pod.getSpec().getInitContainers().get(0);
    Container sync = pod.getSpec().getContainers().get(0);
    assertAll(
        () -> assertEquals("git@github.com:myorg/my-project.git", env(clone, "GIT_URL")),
        () -> assertEquals("develop", env(clone, "GIT_REVISION")),
        () -> assertEquals("gt-", env(sync, "PREFIX")),
        () -> assertEquals("registry.example/agent:2", sync.getImage()),
        () -> assertTrue(clone.getVolumeMounts().stream().anyMatch(m -> "git-ssh".equals(m.getName()))),
        () -> assertTrue(sync.getVolumeMounts().stream().noneMatch(m -> "git-ssh".equals(m.getName())),
            "the counting step holds no key"),
        () -> assertTrue(sync.getVolumeMounts().stream().filter(m -> "workspace".equals(m.getName()))
            .allMatch(m -> Boolean.TRUE.equals(m.getReadOnly()))),
        () -> assertEquals(Boolean.FALSE, pod.getSpec().getAutomountServiceAccountToken()),
        () -> assertEquals(Boolean.TRUE, pod.getSpec().getSecurityContext().getRunAsNonRoot()),
        () -> assertEquals(Boolean.TRUE, sync.getSecurityContext().getReadOnlyRootFilesystem()),
        () -> assertEquals("BeadStore", pod.getMetadata().getOwnerReferences().get(0).getKind()));
    awaitStatus(s -> {
      assertEquals(BeadStorePhase.Pending, s.getPhase());
      assertEquals(POD, s.getSyncPod());
      assertCondition(s, "Syncing", "True", "Syncing");
    });

    finish(POD, "Succeeded", terminated("git-init", 0, null), terminated("sync", 0,
        "{\"outcome\":\"synced\",\"issue-count\":\"3\",\"ready-count\":\"2\",\"ready-beads\":\"gt-1,gt-3\","
            + "\"commit\":\"" + COMMIT + "\",\"message\":\"3 of 3 beads carry the prefix gt-, 2 ready\"}"));

    awaitStatus(s -> {
      assertEquals(BeadStorePhase.Synced, s.getPhase());
      assertEquals(3, s.getIssueCount());
      assertEquals(2, s.getReadyCount());
      assertEquals(List.of("gt-1", "gt-3"), s.getReadyBeads());
      assertEquals(COMMIT, s.getCommit());
      assertNotNull(s.getLastSyncTime());
      assertNull(s.getSyncPod());
      assertCondition(s, "Ready", "True", "Synced");
      assertCondition(s, "Syncing", "False", "Synced");
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace(NS).withName(POD).get() == null);
    await().atMost(Duration.ofSeconds(5)).until(() -> reasons().contains("Synced"));
  }

  @Test
  void aRecentSyncIsNotRepeatedButASpecChangeSyncsAgainAtOnce() {
    client.resource(Fixtures.rigWithDefaults()).create();
    client.resource(store("gt-", null)).create();
    awaitPod();
    finish(POD, "Succeeded", terminated("git-init", 0, null), terminated("sync", 0,
        "{\"outcome\":\"synced\",\"issue-count\":\"1\",\"ready-count\":\"1\",\"ready-beads\":\"gt-1\",\"message\":\"\"}"));
    awaitStatus(s -> assertEquals(BeadStorePhase.Synced, s.getPhase()));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace(NS).withName(POD).get() == null);

    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> client.pods().inNamespace(NS).withName(POD).get() == null);
    client.resources(BeadStore.class).inNamespace(NS).withName("beads").edit(s -> {
      s.getSpec().setPrefix("he-");
      return s;
    });

    Pod again = awaitPod();
    assertEquals("he-", env(again.getSpec().getContainers().get(0), "PREFIX"));
  }

  @Test
  void withoutItsRigABeadStoreWaitsAndSyncsOnceTheRigIsCreated() {
    client.resource(store("gt-", null)).create();

    awaitStatus(s -> {
      assertEquals(BeadStorePhase.Pending, s.getPhase());
      assertCondition(s, "Ready", "False", "RigNotFound");
    });
    assertNull(client.pods().inNamespace(NS).withName(POD).get());
    client.resource(Fixtures.rigWithDefaults()).create();

    awaitPod();
  }

  @Test
  void aCloneThatFailsIsAnErrorNamingTheRepositoryAndThePodStaysForItsLogs() {
    client.resource(Fixtures.rigWithDefaults()).create();
    client.resource(store("gt-", null)).create();
    awaitPod();

    finish(POD, "Failed", terminated("git-init", 128, "{}"), null);

    awaitStatus(s -> {
      assertEquals(BeadStorePhase.Error, s.getPhase());
      Condition ready = condition(s, "Ready");
      assertEquals("CloneFailed", ready.getReason());
      assertTrue(ready.getMessage().contains("git@github.com:myorg/my-project.git"), ready.getMessage());
      assertTrue(ready.getMessage().contains("kubectl logs -n " + NS + " " + POD + " -c git-init"), ready.getMessage());
      assertEquals(POD, s.getSyncPod());
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
        .anyMatch(e -> "CloneFailed".equals(e.getReason()) && "Warning".equals(e.getType())));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> client.pods().inNamespace(NS).withName(POD).get() != null);
  }

  @Test
  void aMissingKeySecretIsReportedBeforeAnyPodAndTheSyncStartsOnceItExists() {
    client.resource(Fixtures.rigWithDefaults()).create();
    client.resource(store("gt-", new SecretReference("beads-key"))).create();

    awaitStatus(s -> {
      assertEquals(BeadStorePhase.Error, s.getPhase());
      Condition ready = condition(s, "Ready");
      assertEquals("SecretNotFound", ready.getReason());
      assertTrue(ready.getMessage().contains("beads-key (spec.gitSecretRef) does not exist"), ready.getMessage());
    });
    assertNull(client.pods().inNamespace(NS).withName(POD).get());
    client.resource(Fixtures.secret("beads-key", "ssh-privatekey")).create();

    Pod pod = awaitPod();
    assertTrue(pod.getSpec().getVolumes().stream().anyMatch(v -> v.getSecret() != null
        && "beads-key".equals(v.getSecret().getSecretName())), "the BeadStore's own key, not the Rig's");
  }

  @Test
  void aNameTooLongForItsPodsLabelIsAnErrorOnTheResource() {
    client.resource(Fixtures.rigWithDefaults()).create();
    BeadStore store = store("gt-", null);
    store.getMetadata().setName("b".repeat(64));
    client.resource(store).create();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      BeadStore stored = client.resources(BeadStore.class).inNamespace(NS).withName("b".repeat(64)).get();
      assertNotNull(stored.getStatus());
      assertEquals(BeadStorePhase.Error, stored.getStatus().getPhase());
      assertTrue(condition(stored.getStatus(), "Ready").getMessage().contains("at most 63"));
    });
    assertFalse(client.pods().inNamespace(NS).list().getItems().stream()
        .anyMatch(p -> p.getMetadata().getName().startsWith("beadstore-")));
  }

  // --- helpers

  private static BeadStore store(String prefix, SecretReference key) {
    BeadStore store = new BeadStore();
    store.getMetadata().setName("beads");
    store.getMetadata().setNamespace(NS);
    store.getSpec().setRigRef("my-project");
    store.getSpec().setPrefix(prefix);
    store.getSpec().setGitSecretRef(key);
    store.getSpec().setSyncInterval("5m");
    return store;
  }

  private Pod awaitPod() {
    return await().atMost(Duration.ofSeconds(15))
        .until(() -> client.pods().inNamespace(NS).withName(POD).get(), p -> p != null && p.getMetadata().getDeletionTimestamp() == null);
  }

  private void finish(String pod, String phase, ContainerStatus gitInit, ContainerStatus sync) {
    client.pods().inNamespace(NS).withName(pod).editStatus(p -> {
      p.setStatus(new PodStatusBuilder().withPhase(phase).withStartTime("2026-12-01T10:00:00Z")
          .withInitContainerStatuses(gitInit)
          .withContainerStatuses(sync == null ? List.of() : List.of(sync))
          .build());
      return p;
    });
  }

  private static ContainerStatus terminated(String name, int exitCode, String message) {
    return new ContainerStatusBuilder().withName(name)
        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withMessage(message)
            .withStartedAt(Timestamps.format(Instant.now().minusSeconds(5))).withFinishedAt(Timestamps.format(Instant.now()))
            .endTerminated().build())
        .build();
  }

  private void awaitStatus(Consumer<BeadStoreStatus> assertion) {
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      BeadStore store = client.resources(BeadStore.class).inNamespace(NS).withName("beads").get();
      assertNotNull(store.getStatus(), "no status yet");
      assertion.accept(store.getStatus());
    });
  }

  private static Condition condition(BeadStoreStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + status.getConditions()));
  }

  private static void assertCondition(BeadStoreStatus status, String type, String value, String reason) {
    Condition condition = condition(status, type);
    assertEquals(value, condition.getStatus(), type + ": " + condition);
    assertEquals(reason, condition.getReason(), type + ": " + condition);
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream().filter(e -> name.equals(e.getName())).findFirst()
        .map(e -> e.getValue()).orElse(null);
  }

  private List<String> reasons() {
    return events.stream().map(Event::getReason).toList();
  }
}
