package io.gastown.operator.common;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.gastown.operator.Fixtures;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatReason;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class EventRecorderTest {

  /** What the API server accepts as an Event's name: a DNS subdomain. */
  private static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  KubernetesClient client;

  @Test
  void anObjectWithTheLongestNameKubernetesAllowsStillGetsItsEvent() {
    List<Event> recorded = new CopyOnWriteArrayList<>();
    EventRecorder events = new EventRecorder(client, Clock.systemUTC(), recorded::add);
    Polecat polecat = Fixtures.guidePolecat();
    polecat.getMetadata().setName("a".repeat(231) + "-" + "b".repeat(21));
    polecat.getMetadata().setUid("0b4f3c5e-1d2a-4e6f-8a9b-0c1d2e3f4a5b");

    events.record(polecat, EventRecorder.Type.Warning, PolecatReason.InvalidSpec, "metadata.name must be at most 45 characters");

    await().atMost(Duration.ofSeconds(10)).until(() -> recorded.size() == 1);
    String name = recorded.get(0).getMetadata().getName();
    assertTrue(name.length() <= 253, name.length() + " characters");
    assertTrue(name.matches(DNS_SUBDOMAIN), name);
    assertTrue(name.endsWith(".0b4f3c5e.invalidspec"), name);
    assertEquals(polecat.getMetadata().getName(), recorded.get(0).getInvolvedObject().getName());
  }
}
