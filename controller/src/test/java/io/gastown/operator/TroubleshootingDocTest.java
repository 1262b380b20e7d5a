package io.gastown.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.operator.api.beadstore.BeadStoreReason;
import io.gastown.operator.api.convoy.ConvoyReason;
import io.gastown.operator.api.polecat.PolecatReason;
import io.gastown.operator.api.refinery.MergeReason;
import io.gastown.operator.api.rig.RigReason;
import io.gastown.operator.api.witness.WitnessReason;
import io.gastown.operator.common.ApiErrors;
import io.gastown.operator.refinery.MergeOutcome;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/troubleshooting.md is where a user lands from a reason: every reason the operator can put
 * on a condition or an Event has a row (or a heading) in the section of its kind.
 */
class TroubleshootingDocTest {

  private static final String DOC = "docs/troubleshooting.md";

  /** Every reason enum, and the section of the page it belongs in. */
  private static final Map<Class<? extends Enum<?>>, String> ENUMS = new LinkedHashMap<>();

  static {
    ENUMS.put(ApiErrors.Reason.class, "Every kind");
    ENUMS.put(PolecatReason.class, "Polecat");
    ENUMS.put(MergeReason.class, "Refinery");
    ENUMS.put(RigReason.class, "Rig");
    ENUMS.put(ConvoyReason.class, "Convoy");
    ENUMS.put(WitnessReason.class, "Witness");
    ENUMS.put(BeadStoreReason.class, "BeadStore");
  }

  /**
   * Reasons a user sees that are no enum constant: the Refinery's Ready=True reason
   * (RefineryStatusMapper) and the Tekton and kubelet reasons the Polecat's messages pass on
   * (TaskRunObserver, PodObserver).
   */
  private static final Map<String, List<String>> PLAIN = Map.of(
      "Refinery", List.of("Ready"),
      "Polecat", List.of("PullImageFailed", "TaskRunImagePullFailed", "TaskRunTimeout", "TaskRunCancelled", "StepOOM",
          "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "OOMKilled", "Evicted"));

  @Test
  void everyReasonEnumOfTheApiAndCommonPackagesIsListed() throws IOException, URISyntaxException, ClassNotFoundException {
    Path classes = Path.of(PolecatReason.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> found = new TreeSet<>();
    for (String pkg : List.of("io/gastown/operator/api", "io/gastown/operator/common")) {
      try (Stream<Path> files = Files.walk(classes.resolve(pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith("Reason.class")).toList()) {
          String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
          Class<?> type = Class.forName(name, false, getClass().getClassLoader());
          if (type.isEnum()) {
            found.add(type.getName());
          }
        }
      }
    }
    assertEquals(found, ENUMS.keySet().stream().map(Class::getName).collect(Collectors.toCollection(TreeSet::new)),
        "a reason enum is missing from this test's list (and so maybe from " + DOC + ")");
  }

  @Test
  void everyReasonHasARowInTheSectionOfItsKind() throws ReflectiveOperationException {
    Map<String, List<String>> sections = sections(Fixtures.read(DOC));
    List<String> missing = new ArrayList<>();
    ENUMS.forEach((type, kind) -> Arrays.stream(type.getEnumConstants())
        .map(Enum::name)
        .filter(reason -> !listed(sections.get(kind), reason))
        .forEach(reason -> missing.add(type.getSimpleName() + "." + reason + " (section " + kind + ")")));
    PLAIN.forEach((kind, reasons) -> reasons.stream()
        .filter(reason -> !listed(sections.get(kind), reason))
        .forEach(reason -> missing.add(reason + " (section " + kind + ")")));
    for (String outcome : mergeOutcomes()) {
      if (!listed(sections.get("Refinery"), outcome)) {
        missing.add("merge outcome " + outcome + " (section Refinery)");
      }
    }
    assertTrue(missing.isEmpty(), DOC + " lacks a row for " + String.join(", ", missing));
  }

  @Test
  void readmeAndCrdReferenceLinkToThePage() {
    assertTrue(Fixtures.read("README.md").contains("(docs/troubleshooting.md)"), "README.md");
    assertTrue(Fixtures.read("docs/CRD_REFERENCE.md").contains("(troubleshooting.md"), "docs/CRD_REFERENCE.md");
  }

  /** The outcomes of the merge pipeline (status.history[*].outcome): MergeOutcome's constants. */
  private static List<String> mergeOutcomes() throws IllegalAccessException {
    List<String> outcomes = new ArrayList<>();
    for (Field field : MergeOutcome.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        outcomes.add((String) field.get(null));
      }
    }
    assertTrue(outcomes.contains(MergeOutcome.MERGED));
    return outcomes;
  }

  /** The lines under each "## " heading, by its title. */
  private static Map<String, List<String>> sections(String markdown) {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    List<String> current = new ArrayList<>();
    for (String line : markdown.split("\n")) {
      if (line.startsWith("## ")) {
        current = new ArrayList<>();
        sections.put(line.substring(3).trim(), current);
      } else {
        current.add(line);
      }
    }
    return sections;
  }

  /** A table row whose first cell names the reason in backticks, or a heading that does. */
  private static boolean listed(List<String> section, String reason) {
    if (section == null) {
      return false;
    }
    String quoted = "`" + reason + "`";
    return section.stream().anyMatch(line -> (line.startsWith("|") && firstCell(line).contains(quoted))
        || (line.startsWith("#") && line.contains(quoted)));
  }

  private static String firstCell(String row) {
    int end = row.indexOf('|', 1);
    return end < 0 ? row : row.substring(1, end);
  }
}
