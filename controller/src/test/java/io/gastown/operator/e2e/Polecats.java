package io.gastown.operator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.gastown.operator.ManifestAssertions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/** Reading Polecats the way a user does: {@code kubectl get polecat -o yaml}. */
final class Polecats {

  static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

  private Polecats() {}

  static JsonNode status(E2eCluster cluster, String namespace, String name) {
    try {
      return ManifestAssertions.YAML.readTree(cluster.kubectl("get", "polecat", name, "-n", namespace, "-o", "yaml"))
          .path("status");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the phase; fails at once when the Polecat ends in another final phase. */
  static JsonNode awaitPhase(E2eCluster cluster, String namespace, String name, String phase) {
    Instant deadline = Instant.now().plus(RUN_TIMEOUT);
    JsonNode status;
    do {
      status = status(cluster, namespace, name);
      String now = status.path("phase").asText();
      if (now.equals(phase)) {
        return status;
      }
      if (!now.equals(phase) && (now.equals("Done") || now.equals("Failed") || now.equals("Terminated"))) {
        fail("Polecat " + namespace + "/" + name + " ended " + now + " instead of " + phase + ": " + status);
      }
      sleep(Duration.ofSeconds(1));
    } while (Instant.now().isBefore(deadline));
    fail("Polecat " + namespace + "/" + name + " not " + phase + " after " + RUN_TIMEOUT + ": " + status);
    return status;
  }

  static void assertCondition(JsonNode status, String type, String value, String reason, String message) {
    for (JsonNode condition : status.path("conditions")) {
      if (condition.path("type").asText().equals(type)) {
        assertEquals(value, condition.path("status").asText(), type + " status in " + status);
        assertEquals(reason, condition.path("reason").asText(), type + " reason in " + status);
        if (message != null) {
          assertEquals(message, condition.path("message").asText(), type + " message in " + status);
        }
        return;
      }
    }
    fail("no " + type + " condition in " + status);
  }

  static String conditionMessage(JsonNode status, String type) {
    for (JsonNode condition : status.path("conditions")) {
      if (condition.path("type").asText().equals(type)) {
        return condition.path("message").asText();
      }
    }
    return fail("no " + type + " condition in " + status);
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
