package io.gastown.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/**
 * Every securityContext of a built object (pod, TaskRun pod template and steps, embedded pipeline
 * tasks): restricted either way, and with user and group IDs 65532 or with none at all.
 */
public final class UserIdAssertions {

  private static final List<String> ID_FIELDS = List.of("runAsUser", "runAsGroup", "fsGroup");

  private UserIdAssertions() {}

  /** Runs as 65532: each context names the user, a pod's also the group and fsGroup. */
  public static void assertFixedUserIds(Object built) {
    for (JsonNode context : securityContexts(built)) {
      assertRestricted(context);
      assertEquals(65532L, context.path("runAsUser").asLong(), context.toString());
      if (isPodLevel(context)) {
        assertEquals(65532L, context.path("runAsGroup").asLong(), context.toString());
        assertEquals(65532L, context.path("fsGroup").asLong(), context.toString());
      }
    }
  }

  /** Leaves the IDs to the platform (OpenShift's SCC): no context names any; all stay restricted. */
  public static void assertNoUserIds(Object built) {
    for (JsonNode context : securityContexts(built)) {
      assertRestricted(context);
      for (String field : ID_FIELDS) {
        assertFalse(context.has(field), field + " in " + context);
      }
    }
  }

  private static void assertRestricted(JsonNode context) {
    assertTrue(context.path("runAsNonRoot").asBoolean(), context.toString());
    assertEquals("RuntimeDefault", context.path("seccompProfile").path("type").asText(), context.toString());
    if (!isPodLevel(context)) {
      assertTrue(context.path("readOnlyRootFilesystem").asBoolean(), context.toString());
      assertFalse(context.path("allowPrivilegeEscalation").asBoolean(true), context.toString());
      assertEquals("[\"ALL\"]", context.path("capabilities").path("drop").toString(), context.toString());
    }
  }

  /** A container's context says readOnlyRootFilesystem; a pod's cannot. */
  private static boolean isPodLevel(JsonNode context) {
    return !context.has("readOnlyRootFilesystem");
  }

  private static List<JsonNode> securityContexts(Object built) {
    List<JsonNode> found = new ArrayList<>();
    collect(Serialization.jsonMapper().valueToTree(built), found);
    assertFalse(found.isEmpty(), "no securityContext in " + built);
    return found;
  }

  private static void collect(JsonNode node, List<JsonNode> found) {
    if (node.isObject()) {
      node.fields().forEachRemaining(field -> {
        if (field.getKey().equals("securityContext")) {
          found.add(field.getValue());
        } else {
          collect(field.getValue(), found);
        }
      });
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, found));
    }
  }
}
