package io.gastown.operator.polecat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gastown.operator.Fixtures;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatStatus;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** What a user reads on a Polecat, asserted the same way by every API-tier test. */
public final class PolecatAssertions {

  private PolecatAssertions() {}

  public static PolecatStatus status(KubernetesClient client, String name) {
    Polecat polecat = client.resources(Polecat.class).inNamespace(Fixtures.NAMESPACE).withName(name).get();
    return polecat == null ? null : polecat.getStatus();
  }

  /** Waits until the Polecat's status satisfies the assertion. */
  public static void awaitStatus(KubernetesClient client, String name, Consumer<PolecatStatus> assertion) {
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      PolecatStatus status = status(client, name);
      assertNotNull(status, name + " has a status");
      assertion.accept(status);
    });
  }

  /** The condition of that type, with that status and reason (and message, unless null). */
  public static Condition assertCondition(PolecatStatus s, String type, String status, String reason, String message) {
    Condition c = s.getConditions().stream().filter(x -> type.equals(x.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + s.getConditions()));
    assertEquals(status, c.getStatus(), type + " status");
    assertEquals(reason, c.getReason(), type + " reason: " + c.getMessage());
    if (message != null) {
      assertEquals(message, c.getMessage());
    }
    assertNotNull(c.getLastTransitionTime());
    return c;
  }

  /** The reasons with {@code warning} moved to the front (where it is present). */
  static List<String> warningFirst(List<String> reasons, String warning) {
    List<String> ordered = new java.util.ArrayList<>(reasons);
    if (ordered.remove(warning)) {
      ordered.add(0, warning);
    }
    return ordered;
  }
}
