package io.gastown.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.polecat.Polecat;
import io.gastown.operator.polecat.PolecatValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every YAML document under config/ (except the generated config/crd/) and examples/ is the object
 * it claims to be: it parses into its fabric8 (or Polecat) model with no unknown field, and writing
 * the model back gives the same document; so do the runnable YAML blocks in docs/. fabric8 models keep unknown fields in an
 * additionalProperties map instead of failing, so those maps are checked to be empty everywhere.
 */
class ManifestsTest {

  private static final Map<String, Class<?>> KINDS = Map.ofEntries(
      Map.entry("Namespace", Namespace.class),
      Map.entry("ServiceAccount", ServiceAccount.class),
      Map.entry("ClusterRole", ClusterRole.class),
      Map.entry("ClusterRoleBinding", ClusterRoleBinding.class),
      Map.entry("Role", Role.class),
      Map.entry("RoleBinding", RoleBinding.class),
      Map.entry("Deployment", Deployment.class),
      Map.entry("Secret", Secret.class),
      Map.entry("ConfigMap", ConfigMap.class),
      Map.entry("Polecat", Polecat.class));

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Numbers compare by value: YAML 3600 is an int, the model's Long writes a long. */
  private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
    if (a instanceof NumericNode && b instanceof NumericNode) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  private record Document(Path file, int index, JsonNode tree) {
    String label() {
      return root().relativize(file) + "#" + index + " (" + tree.path("kind").asText("?") + " "
          + tree.path("metadata").path("name").asText("?") + ")";
    }
  }

  @TestFactory
  Stream<DynamicTest> everyManifestIsItsModelExactly() {
    List<Document> documents = documents();
    assertFalse(documents.isEmpty(), "no YAML found under config/ or examples/");
    return documents.stream().map(d -> DynamicTest.dynamicTest(d.label(), () -> parseExactly(d.tree())));
  }

  /** Runnable YAML in the docs (fenced yaml blocks that declare a kind) obeys the same rules. */
  @TestFactory
  Stream<DynamicTest> everyManifestInTheDocsIsItsModelExactly() {
    return docBlocks().stream().map(d -> DynamicTest.dynamicTest(d.label(), () -> {
      Object parsed = parseExactly(d.tree());
      if (parsed instanceof Polecat polecat) {
        assertEquals("Optional.empty", PolecatValidator.validate(polecat).toString());
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyExamplePolecatPassesTheValidator() {
    return documents().stream()
        .filter(d -> "Polecat".equals(d.tree().path("kind").asText()))
        .map(d -> DynamicTest.dynamicTest(d.label(), () -> {
          Polecat polecat = (Polecat) parseExactly(d.tree());
          assertEquals("Optional.empty", PolecatValidator.validate(polecat).toString());
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

  /** Parses a document into the model of its kind, failing on anything the model does not hold. */
  private static Object parseExactly(JsonNode tree) {
    String kind = tree.path("kind").asText(null);
    assertNotNull(kind, "document has no kind");
    Class<?> type = KINDS.get(kind);
    if (type == null) {
      fail("unknown kind " + kind + ": add it to ManifestsTest.KINDS with its fabric8 model class");
    }
    Object parsed;
    try {
      parsed = YAML.treeToValue(tree, type);
    } catch (IOException e) {
      throw new AssertionError(kind + " does not parse: " + e.getMessage(), e);
    }
    List<String> swallowed = new ArrayList<>();
    collectAdditionalProperties(parsed, kind, swallowed);
    assertTrue(swallowed.isEmpty(), "unknown fields in " + kind + ": " + swallowed);
    JsonNode written = Serialization.jsonMapper().valueToTree(parsed);
    if (!tree.equals(SAME_VALUE, written)) {
      fail(kind + " changes when written back through its model:\n  file:  " + tree + "\n  model: " + written);
    }
    return parsed;
  }

  /** Walks the model's fields and reports every non-empty additionalProperties map by its path. */
  private static void collectAdditionalProperties(Object value, String path, List<String> found) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collectAdditionalProperties(item, path + "[" + i++ + "]", found);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collectAdditionalProperties(v, path + "." + k, found));
      return;
    }
    String pkg = value.getClass().getPackageName();
    if (value.getClass().isEnum() || !(pkg.startsWith("io.fabric8") || pkg.startsWith("io.gastown"))) {
      return;
    }
    for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        Object child;
        try {
          child = field.get(value);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if ("additionalProperties".equals(field.getName()) && child instanceof Map<?, ?> extra) {
          extra.keySet().forEach(k -> found.add(path + "." + k));
        } else {
          collectAdditionalProperties(child, path + "." + field.getName(), found);
        }
      }
    }
  }

  private static List<Document> documents() {
    Path root = root();
    List<Document> documents = new ArrayList<>();
    for (Path dir : List.of(root.resolve("config"), root.resolve("examples"))) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.filter(ManifestsTest::isManifest).sorted().toList()) {
          documents.addAll(read(file));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return documents;
  }

  private static final Pattern YAML_BLOCK = Pattern.compile("(?ms)^```yaml\\n(.*?)^```");

  private static List<Document> docBlocks() {
    Path docs = root().resolve("docs");
    List<Document> documents = new ArrayList<>();
    if (!Files.isDirectory(docs)) {
      return documents;
    }
    try (Stream<Path> files = Files.walk(docs)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
        Matcher m = YAML_BLOCK.matcher(Files.readString(file));
        int index = 0;
        while (m.find()) {
          JsonNode tree = YAML.readTree(m.group(1));
          if (tree != null && tree.has("kind")) {
            documents.add(new Document(file, index, tree));
          }
          index++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  private static boolean isManifest(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file)
        && (name.endsWith(".yaml") || name.endsWith(".yml"))
        && !file.startsWith(root().resolve("config/crd"));
  }

  private static List<Document> read(Path file) {
    List<Document> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      int index = 0;
      while (it.hasNext()) {
        JsonNode tree = it.next();
        if (tree != null && !tree.isNull() && !tree.isMissingNode() && !tree.isEmpty()) {
          documents.add(new Document(file, index, tree));
        }
        index++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return documents;
  }

  private static Path root() {
    String root = System.getProperty("gastown.repoRoot");
    return (root == null ? Paths.get("..") : Paths.get(root)).toAbsolutePath().normalize();
  }
}
