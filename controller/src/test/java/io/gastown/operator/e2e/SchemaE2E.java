package io.gastown.operator.e2e;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gastown.operator.Fixtures;
import io.gastown.operator.ManifestAssertions;
import io.gastown.operator.ManifestAssertions.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

/**
 * The real API server (CRD schemas, Tekton's and Tekton Triggers' admission webhooks) accepts
 * every YAML the project ships for users to apply, and rejects invalid Polecats with its own
 * message.
 */
@Order(6)
class SchemaE2E {

  private static final E2eCluster cluster = E2eCluster.get();

  @BeforeAll
  static void namespaces() {
    Workers.installOperator(cluster);
    TreeSet<String> namespaces = new TreeSet<>();
    shipped().forEach(d -> {
      String namespace = d.tree().path("metadata").path("namespace").asText("");
      if (!namespace.isEmpty()) {
        namespaces.add(namespace);
      }
    });
    for (String namespace : namespaces) {
      if (cluster.client().namespaces().withName(namespace).get() == null) {
        cluster.kubectl("create", "namespace", namespace);
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everyShippedManifestIsAcceptedByTheApiServer() {
    return shipped().stream().map(d -> DynamicTest.dynamicTest(d.label(), () -> {
      // A document with generateName is meant for kubectl create (apply needs a name).
      String verb = d.tree().path("metadata").has("generateName") ? "create" : "apply";
      cluster.kubectlWithInput(d.tree().toString(), verb, "--dry-run=server", "-f", "-").expectSuccess();
    }));
  }

  @TestFactory
  Stream<DynamicTest> invalidPolecatsAreRejectedWithTheServersMessage() {
    record Invalid(String what, String path, String value, String message) {}
    return Stream.of(
            new Invalid("a bead ID with shell syntax", "/spec/beadID", "x$(touch /tmp/pwned)", "spec.beadID: Invalid value"),
            new Invalid("an unknown execution mode", "/spec/executionMode", "docker", "Unsupported value: \"docker\""),
            new Invalid("a token in the git URL", "/spec/kubernetes/gitRepository", "https://oauth2:ghp_x@github.com/o/r.git",
                "spec.kubernetes.gitRepository: Invalid value"),
            new Invalid("a task description over 32768 characters", "/spec/taskDescription", "x".repeat(32769),
                "spec.taskDescription: Too long"))
        .map(invalid -> DynamicTest.dynamicTest(invalid.what(), () -> assertRejected(
            (ObjectNode) ManifestAssertions.YAML.readTree(Fixtures.read("examples/polecat.yaml")),
            invalid.path(), invalid.value(), invalid.message())));
  }

  @TestFactory
  Stream<DynamicTest> invalidRigsAreRejectedWithTheServersMessage() {
    record Invalid(String what, String path, String value, String message) {}
    return Stream.of(
            new Invalid("a bead prefix with capitals", "/spec/beadsPrefix", "Mp", "spec.beadsPrefix: Invalid value"),
            new Invalid("no gitURL", "/spec/gitURL", null, "spec.gitURL: Required value"),
            new Invalid("a budget that is not a number", "/spec/settings/maxCostUSD", "lots", "spec.settings.maxCostUSD: Invalid value"))
        .map(invalid -> DynamicTest.dynamicTest(invalid.what(), () -> assertRejected(
            (ObjectNode) ManifestAssertions.YAML.readTree(Fixtures.read("examples/rig-with-defaults.yaml").split("\n---\n")[0]),
            invalid.path(), invalid.value(), invalid.message())));
  }

  /** Sets (or, for null, removes) the field at {@code path} and expects the API server to refuse the object. */
  private void assertRejected(ObjectNode object, String path, String value, String message) {
    ObjectNode parent = (ObjectNode) object.at(path.substring(0, path.lastIndexOf('/')));
    String field = path.substring(path.lastIndexOf('/') + 1);
    if (value == null) {
      parent.remove(field);
    } else {
      parent.put(field, value);
    }
    var result = cluster.kubectlWithInput(object.toString(), "apply", "--dry-run=server", "-f", "-");
    assertNotEquals(0, result.exitCode(), () -> "accepted: " + object);
    assertTrue(result.stderr().contains(message), result.stderr());
  }

  private static List<Document> shipped() {
    List<Document> documents = new ArrayList<>();
    for (String dir : List.of("examples", "config/samples", "config/network", "tekton")) {
      documents.addAll(ManifestAssertions.documentsUnder(Fixtures.repoRoot().resolve(dir), f -> true));
    }
    documents.addAll(ManifestAssertions.docBlocks(Fixtures.repoRoot().resolve("docs")));
    return documents;
  }
}
