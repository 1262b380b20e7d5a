package io.gastown.operator.common;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.Fixtures;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatReason;
import io.gastown.operator.api.refinery.MergeReason;
import io.gastown.operator.api.refinery.Refinery;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What `kubectl get events` shows when the same reason happens more than once on one object. */
@EnableKubernetesMockClient(crud = true)
class EventRecorderTest {

  KubernetesClient client;
  EventRecorder recorder;
  final List<Event> seen = new CopyOnWriteArrayList<>();
  Refinery refinery;

  @BeforeEach
  void createRefinery() {
    recorder = new EventRecorder(client, Clock.systemUTC(), seen::add);
    refinery = client.resource(Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class)).create();
  }

  @Test
  void twoMergesOfOneRefineryAreTwoEvents() {
    recorder.record(refinery, EventRecorder.Type.Normal, MergeReason.Merged, "worker-a: merged feature/a into main at 1111111");
    awaitEvents(1);
    recorder.record(refined(), EventRecorder.Type.Normal, MergeReason.Merged, "worker-b: merged feature/b into main at 2222222");

    List<Event> events = awaitEvents(2);
    assertEquals(List.of("worker-a: merged feature/a into main at 1111111", "worker-b: merged feature/b into main at 2222222"),
        events.stream().map(Event::getMessage).sorted().toList());
    events.forEach(e -> assertEquals("Merged", e.getReason()));
  }

  /** An event still queued when the operator stops and closes its client is dropped quietly, not thrown in the writer thread. */
  @Test
  void anEventQueuedWhenTheClientClosesIsDroppedWithoutAnUncaughtException() throws Exception {
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
    try {
      KubernetesClient closed = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
          .withConfig(client.getConfiguration()).build();
      closed.close();
      EventRecorder stopping = new EventRecorder(closed, Clock.systemUTC(), seen::add);
      stopping.record(refinery, EventRecorder.Type.Normal, MergeReason.Merged, "worker-a: merged feature/a into main at 1111111");
      Thread.sleep(500);
      assertEquals(List.of(), uncaught);
      assertEquals(List.of(), seen);
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }

  /**
   * An API server that takes connections and never answers: the two writer threads wait, the
   * queue of 10000 fills, and every event beyond is dropped, counted for {@code /metrics}.
   */
  @Test
  void eventsBeyondAFullQueueAreDroppedAndCounted() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        KubernetesClient stalled = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("http://127.0.0.1:" + silent.getLocalPort())
                .withRequestTimeout(60_000).build()).build()) {
      EventRecorder full = new EventRecorder(stalled, Clock.systemUTC(), seen::add);
      for (int i = 0; i < 2 + 10_000 + 7; i++) {
        full.record(refinery, EventRecorder.Type.Normal, MergeReason.Merged, "worker-" + i + ": merged");
      }

      assertEquals(7, full.dropped());
      assertEquals(0, recorder.dropped());
    }
  }

  @Test
  void theSameEventAgainCountsTwiceOnOneEvent() {
    recorder.record(refinery, EventRecorder.Type.Warning, MergeReason.Conflict, "worker-a: conflict with main");
    awaitEvents(1);
    recorder.record(refined(), EventRecorder.Type.Warning, MergeReason.Conflict, "worker-a: conflict with main");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(2, events().get(0).getCount()));
    assertEquals(1, events().size());
  }

  @Test
  void aReconcileOfAStaleCopyDoesNotCountTheSameTransitionTwice() {
    recorder.record(refinery, EventRecorder.Type.Normal, MergeReason.Merged, "worker-a: merged");
    awaitEvents(1);
    recorder.record(refinery, EventRecorder.Type.Normal, MergeReason.Merged, "worker-a: merged");

    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertEquals(1, events().get(0).getCount()));
    assertEquals(1, seen.size());
  }

  @Test
  void anObjectWithTheLongestNameKubernetesAllowsStillGetsItsEvent() {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getMetadata().setName("a".repeat(231) + "-" + "b".repeat(21));
    polecat.getMetadata().setUid("0b4f3c5e-1d2a-4e6f-8a9b-0c1d2e3f4a5b");

    recorder.record(polecat, EventRecorder.Type.Warning, PolecatReason.InvalidSpec, "metadata.name must be at most 45 characters");

    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
    String name = seen.get(0).getMetadata().getName();
    assertTrue(name.length() <= 253, name.length() + " characters");
    assertTrue(name.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"), name);
    assertTrue(name.matches(".*\\.0b4f3c5e\\.invalidspec\\.[0-9a-f]{8}$"), name);
    assertEquals(polecat.getMetadata().getName(), seen.get(0).getInvolvedObject().getName());
  }

  /** The Refinery after a status write: a newer resourceVersion. */
  private Refinery refined() {
    refinery.getMetadata().setAnnotations(java.util.Map.of("touched", "yes"));
    refinery = client.resource(refinery).update();
    return refinery;
  }

  private List<Event> awaitEvents(int count) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(count, events().size()));
    return events();
  }

  private List<Event> events() {
    return client.v1().events().inNamespace(Fixtures.NAMESPACE).list().getItems().stream()
        .filter(e -> refinery.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .sorted(Comparator.comparing(e -> e.getMetadata().getName()))
        .toList();
  }
}
