package io.gastown.operator.common;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.Fixtures;
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
