package io.gastown.operator;

import static io.gastown.operator.ManifestAssertions.YAML;
import static io.gastown.operator.ManifestAssertions.parseExactly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gastown.operator.ManifestAssertions.Document;
import io.gastown.operator.agent.PolecatDefaults;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.ModelEndpoint;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.polecat.PolecatValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every YAML document under config/ (except the generated config/crd/) and examples/ is the object
 * it claims to be (see {@link ManifestAssertions}); so are the runnable YAML blocks in docs/.
 */
class ManifestsTest {

  @TestFactory
  Stream<DynamicTest> everyManifestIsItsModelExactly() {
    List<Document> documents = documents();
    assertFalse(documents.isEmpty(), "no YAML found under config/ or examples/");
    return documents.stream().map(d -> DynamicTest.dynamicTest(d.label(), () -> parseExactly(d.tree())));
  }

  /** Runnable YAML in the docs (fenced yaml blocks that declare a kind) obeys the same rules. */
  @TestFactory
  Stream<DynamicTest> everyManifestInTheDocsIsItsModelExactly() {
    List<Document> blocks = ManifestAssertions.docBlocks(root().resolve("docs"));
    Map<String, Rig> rigs = rigs(blocks);
    return blocks.stream().map(d -> DynamicTest.dynamicTest(d.label(), () -> {
      Object parsed = parseExactly(d.tree());
      if (parsed instanceof Polecat polecat) {
        assertEquals("Optional.empty", validate(polecat, rigs));
      }
    }));
  }

  /** A Polecat as the operator checks it: with the defaults of the Rig (in the same docs or examples) it names. */
  private static String validate(Polecat polecat, Map<String, Rig> rigs) {
    Polecat effective = PolecatDefaults.resolve(polecat, rigs.get(polecat.getSpec().getRig()), OperatorConfig.defaults().agentDefaults());
    return PolecatValidator.validate(effective, ModelEndpoint.anthropic()).toString();
  }

  private static Map<String, Rig> rigs(List<Document> documents) {
    return documents.stream().filter(d -> "Rig".equals(d.tree().path("kind").asText()))
        .map(d -> (Rig) parseExactly(d.tree()))
        .collect(Collectors.toMap(r -> r.getMetadata().getName(), r -> r));
  }

  @TestFactory
  Stream<DynamicTest> everyExamplePolecatPassesTheValidator() {
    Map<String, Rig> rigs = rigs(documents());
    return documents().stream()
        .filter(d -> "Polecat".equals(d.tree().path("kind").asText()))
        .map(d -> DynamicTest.dynamicTest(d.label(), () -> {
          Polecat polecat = (Polecat) parseExactly(d.tree());
          assertEquals("Optional.empty", validate(polecat, rigs));
        }));
  }

  @Test
  void userGuidePolecatsAreInTheExamples() {
    List<String> names = documents().stream()
        .filter(d -> d.file().startsWith(root().resolve("examples")))
        .filter(d -> "Polecat".equals(d.tree().path("kind").asText()))
        .map(d -> d.tree().path("metadata").path("name").asText())
        .toList();
    assertTrue(names.containsAll(List.of("my-worker", "api-key-worker")), "examples hold " + names);
  }

  @Test
  void sampleSecretsHoldOnlyPlaceholders() {
    List<Document> secrets = documents().stream()
        .filter(d -> d.file().startsWith(root().resolve("config/samples")))
        .filter(d -> "Secret".equals(d.tree().path("kind").asText()))
        .toList();
    assertFalse(secrets.isEmpty(), "no sample secrets");
    for (Document d : secrets) {
      assertTrue(d.tree().path("data").isMissingNode(), d.label() + " must use stringData placeholders, not data");
      d.tree().path("stringData").fields().forEachRemaining(e -> assertTrue(
          e.getValue().asText().contains("REPLACE_ME"), d.label() + " key " + e.getKey() + " is not a placeholder"));
    }
  }

  @Test
  void misspelledFieldInAFabric8ModelIsCaught() throws IOException {
    JsonNode tree = YAML.readTree("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: x
        spec:
          replicaz: 1
        """);
    AssertionError error = assertThrows(AssertionError.class, () -> parseExactly(tree));
    assertTrue(error.getMessage().contains("replicaz"), error.getMessage());
  }

  @Test
  void misspelledFieldInThePolecatSpecIsCaught() throws IOException {
    JsonNode tree = YAML.readTree("""
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Polecat
        metadata:
          name: x
        spec:
          rig: r
          kubernetes:
            gitRepo: git@github.com:o/r.git
        """);
    AssertionError error = assertThrows(AssertionError.class, () -> parseExactly(tree));
    assertTrue(error.getMessage().contains("gitRepo"), error.getMessage());
  }

  @Test
  void unknownKindIsRejected() throws IOException {
    JsonNode tree = YAML.readTree("apiVersion: v1\nkind: Bogus\nmetadata:\n  name: x\n");
    AssertionError error = assertThrows(AssertionError.class, () -> parseExactly(tree));
    assertTrue(error.getMessage().contains("Bogus"), error.getMessage());
  }

  private static List<Document> documents() {
    List<Document> documents = new ArrayList<>();
    for (String dir : List.of("config", "examples")) {
      documents.addAll(ManifestAssertions.documentsUnder(root().resolve(dir),
          file -> !file.startsWith(root().resolve("config/crd"))));
    }
    return documents;
  }

  private static Path root() {
    return Fixtures.repoRoot();
  }
}
