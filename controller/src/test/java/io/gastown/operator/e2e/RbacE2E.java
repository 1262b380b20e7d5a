package io.gastown.operator.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * After every other scenario: the real API server authorized every request the operator made.
 * Its audit log records each request of the operator's ServiceAccount; one 403 means
 * {@code config/rbac/role.yaml} lacks a verb the operator needs.
 */
@Order(100)
class RbacE2E {

  private final E2eCluster cluster = E2eCluster.get();

  @Test
  void theApiServerRefusedTheOperatorNothing() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> refused = new ArrayList<>();
    TreeSet<String> used = new TreeSet<>();
    for (String line : E2eCluster.read(Path.of(cluster.env("AUDIT_LOG"))).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode event = json.readTree(line);
      if (!"system:serviceaccount:gastown-system:gastown-operator".equals(event.path("user").path("username").asText())) {
        continue;
      }
      JsonNode ref = event.path("objectRef");
      String what = event.path("verb").asText() + " " + ref.path("apiGroup").asText("") + "/" + ref.path("resource").asText()
          + (ref.has("subresource") ? "/" + ref.path("subresource").asText() : "");
      used.add(what);
      if (event.path("responseStatus").path("code").asInt() == 403) {
        refused.add(what + " in " + ref.path("namespace").asText("(cluster)") + ": " + event.path("responseStatus").path("message").asText());
      }
    }
    assertTrue(!used.isEmpty(), "the audit log has no request of the operator");
    assertTrue(refused.isEmpty(), () -> "refused requests of the operator:\n" + String.join("\n", refused)
        + "\nall it used:\n" + String.join("\n", used));
    System.out.println("verbs the operator used on the real API server:\n  " + String.join("\n  ", used));
  }
}
