package io.gastown.operator;

import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import io.fabric8.tekton.triggers.v1beta1.TriggerResourceTemplate;
import io.fabric8.tekton.v1.Pipeline;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.Task;
import io.gastown.operator.api.polecat.Polecat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A YAML document is the object it claims to be: it parses into the model of its kind with no
 * unknown field, and writing the model back gives the same document. fabric8 models keep unknown
 * fields in an additionalProperties map instead of failing, so those maps are checked to be empty
 * everywhere.
 */
public final class ManifestAssertions {

  private static final Map<String, Class<?>> KINDS = Map.ofEntries(
      Map.entry("Namespace", Namespace.class),
      Map.entry("Rig", io.gastown.operator.api.rig.Rig.class),
      Map.entry("Convoy", io.gastown.operator.api.convoy.Convoy.class),
      Map.entry("Witness", io.gastown.operator.api.witness.Witness.class),
      Map.entry("BeadStore", io.gastown.operator.api.beadstore.BeadStore.class),
      Map.entry("ServiceAccount", ServiceAccount.class),
      Map.entry("ClusterRole", ClusterRole.class),
      Map.entry("ClusterRoleBinding", ClusterRoleBinding.class),
      Map.entry("Role", Role.class),
      Map.entry("RoleBinding", RoleBinding.class),
      Map.entry("Deployment", Deployment.class),
      Map.entry("PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
      Map.entry("Service", io.fabric8.kubernetes.api.model.Service.class),
      Map.entry("Secret", Secret.class),
      Map.entry("ConfigMap", ConfigMap.class),
      Map.entry("NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
      Map.entry("CustomResourceDefinition", io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class),
      Map.entry("Polecat", Polecat.class),
      Map.entry("Refinery", io.gastown.operator.api.refinery.Refinery.class),
      Map.entry("Task", Task.class),
      Map.entry("Pipeline", Pipeline.class),
      Map.entry("PipelineRun", PipelineRun.class),
      Map.entry("TaskRun", io.fabric8.tekton.v1.TaskRun.class),
      Map.entry("EventListener", io.fabric8.tekton.triggers.v1beta1.EventListener.class),
      Map.entry("TriggerBinding", io.fabric8.tekton.triggers.v1beta1.TriggerBinding.class),
      Map.entry("TriggerTemplate", io.fabric8.tekton.triggers.v1beta1.TriggerTemplate.class),
      Map.entry("Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class),
      Map.entry("PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class));

  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Numbers compare by value: YAML 3600 is an int, the model's Long writes a long. */
  private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
    if (a instanceof NumericNode && b instanceof NumericNode) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  /** The document at {@code index} (counting from 0) of a multi-document YAML file. */
  public record Document(Path file, int index, JsonNode tree) {
    public String label() {
      return Fixtures.repoRoot().relativize(file) + "#" + index + " (" + tree.path("kind").asText("?") + " "
          + tree.path("metadata").path("name").asText("?") + ")";
    }
  }

  private ManifestAssertions() {}

  /** Parses a document into the model of its kind, failing on anything the model does not hold. */
  public static Object parseExactly(JsonNode tree) {
    String kind = tree.path("kind").asText(null);
    assertNotNull(kind, "document has no kind");
    Class<?> type = KINDS.get(kind);
    if (type == null) {
      fail("unknown kind " + kind + ": add it to ManifestAssertions.KINDS with its fabric8 model class");
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

  /** Every non-empty document of every .yaml/.yml file under {@code dir} that {@code include} accepts. */
  public static List<Document> documentsUnder(Path dir, Predicate<Path> include) {
    List<Document> documents = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return documents;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> isYaml(f) && include.test(f)).sorted().toList()) {
        documents.addAll(read(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  private static final Pattern YAML_BLOCK = Pattern.compile("(?ms)^```yaml\\n(.*?)^```");

  /** The runnable YAML of the docs under {@code docs}: every fenced yaml block that declares a kind. */
  public static List<Document> docBlocks(Path docs) {
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

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
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

  /**
   * The resolver and params of a taskRef or pipelineRef: Tekton v1 fields that the fabric8 7.1
   * model lacks (see ResolverFields), the only additional properties a manifest may have.
   */
  private static boolean resolverField(Object value, Object key) {
    return (value instanceof io.fabric8.tekton.v1.TaskRef || value instanceof io.fabric8.tekton.v1.PipelineRef)
        && ("resolver".equals(key) || "params".equals(key));
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
    if (value instanceof TriggerResourceTemplate template) {
      // A TriggerTemplate's resource is a whole object the model keeps as additionalProperties:
      // it is checked as the object of its own kind instead.
      parseExactly(YAML.valueToTree(template.getAdditionalProperties()));
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
          extra.keySet().stream().filter(k -> !resolverField(value, k)).forEach(k -> found.add(path + "." + k));
        } else {
          collectAdditionalProperties(child, path + "." + field.getName(), found);
        }
      }
    }
  }
}
