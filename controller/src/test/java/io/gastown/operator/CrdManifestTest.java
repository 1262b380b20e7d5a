package io.gastown.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrdManifestTest {

  private static final String STALE = "config/crd/ is stale: regenerate it with"
      + " `mvn -B -q -pl controller test -Dtest=CrdManifestTest -Dgastown.writeCrds=true`, then `bash config/build-install.sh`";

  @TempDir
  static Path generated;

  @BeforeAll
  static void generate() throws IOException {
    if (Boolean.getBoolean("gastown.writeCrds")) {
      CrdFiles.replace(Fixtures.repoRoot().resolve("config/crd"));
    }
    CrdFiles.generate(generated);
  }

  @Test
  void committedCrdsMatchTheOnesGeneratedFromTheModel() throws IOException {
    List<String> names;
    try (Stream<Path> files = Files.list(generated)) {
      names = files.map(f -> f.getFileName().toString()).sorted().toList();
    }
    try (Stream<Path> files = Files.list(Fixtures.repoRoot().resolve("config/crd"))) {
      assertEquals(names, files.map(f -> f.getFileName().toString()).sorted().toList(), STALE);
    }
    for (String name : names) {
      assertEquals(Files.readString(generated.resolve(name)), Fixtures.read("config/crd/" + name), name + ": " + STALE);
    }
  }

  /** kubectl get shows the columns in the CRD's order: the order the class declares. */
  @Test
  void printerColumnsKeepTheirDeclaredOrder() throws IOException {
    assertEquals(List.of("Phase", "Bead", "Rig", "Age"), columns("polecats"));
    assertEquals(List.of("Rig", "Phase", "Running", "Stuck", "Age"), columns("witnesses"));
  }

  /**
   * kubectl resolves a short name to one resource only: {@code pc} was PriorityClass's. The list:
   * Kubernetes 1.34's registry ({@code ShortNames()}), Tekton Pipelines and Triggers' CRDs, and the
   * OpenShift 4 / OLM resources found on such clusters.
   */
  @Test
  void noShortNameCollidesWithABuiltInOne() throws IOException {
    Set<String> builtIn = Set.of("cj", "cm", "crd", "crds", "cs", "csr", "deploy", "ds", "ep", "ev", "hpa", "ing", "ip",
        "limits", "netpol", "no", "ns", "pc", "pdb", "po", "pv", "pvc", "quota", "rc", "rs", "sa", "sc", "sts", "svc", "vac",
        "ci", "ni", "pr", "prs", "tr", "trs", "ctb", "el", "tb", "tri", "tt",
        "bc", "dc", "is", "istag", "isimage", "scc", "co", "mc", "mcp", "csv", "csvs", "sub", "subs", "og", "catsrc");
    List<String> ours = new ArrayList<>();
    try (Stream<Path> files = Files.list(Fixtures.repoRoot().resolve("config/crd"))) {
      for (Path file : files.toList()) {
        new YAMLMapper().readTree(file.toFile()).at("/spec/names/shortNames").forEach(n -> ours.add(n.asText()));
      }
    }
    assertFalse(ours.isEmpty());
    assertEquals(Set.of(), ours.stream().filter(builtIn::contains).collect(java.util.stream.Collectors.toSet()));
  }

  private static List<String> columns(String plural) throws IOException {
    JsonNode columns = new YAMLMapper().readTree(Fixtures.read("config/crd/" + plural + ".gastown.gastown.io-v1.yml"))
        .at("/spec/versions/0/additionalPrinterColumns");
    List<String> names = new ArrayList<>();
    columns.forEach(column -> names.add(column.path("name").asText()));
    return names;
  }

  /** The API server would fill a schema default in, and a Rig's value could never apply. */
  @ParameterizedTest
  @ValueSource(strings = {"/executionMode", "/kubernetes/properties/gitBranch", "/kubernetes/properties/activeDeadlineSeconds",
      "/kubernetes/properties/image", "/tekton/properties/workspaceSize", "/ttlSecondsAfterFinished"})
  void fieldsARigCanSupplyHaveNoSchemaDefault(String field) throws IOException {
    JsonNode spec = new YAMLMapper().readTree(Fixtures.read("config/crd/polecats.gastown.gastown.io-v1.yml"))
        .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
    JsonNode property = spec.at(field.replaceFirst("^/", "/"));
    assertFalse(property.isMissingNode(), field);
    assertFalse(property.has("default"), field + " has a schema default: " + property.get("default"));
  }

  @Test
  void aPolecatMayLeaveItsRepositoryToItsRig() throws IOException {
    JsonNode kubernetes = new YAMLMapper().readTree(Fixtures.read("config/crd/polecats.gastown.gastown.io-v1.yml"))
        .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/kubernetes");
    assertFalse(kubernetes.path("required").toString().contains("gitRepository"), kubernetes.path("required").toString());
  }
}
