package io.gastown.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrdManifestTest {

  @ParameterizedTest
  @ValueSource(strings = {"polecats.gastown.gastown.io-v1.yml", "refineries.gastown.gastown.io-v1.yml", "rigs.gastown.gastown.io-v1.yml", "convoys.gastown.gastown.io-v1.yml",
      "witnesses.gastown.gastown.io-v1.yml", "beadstores.gastown.gastown.io-v1.yml"})
  void committedCrdMatchesTheOneGeneratedFromTheModel(String file) throws IOException {
    String generated;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/fabric8/" + file)) {
      assertNotNull(in, "the build generates " + file);
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(generated, Fixtures.read("config/crd/" + file),
        "config/crd/" + file + " is stale: copy it from controller/target/classes/META-INF/fabric8/ after `mvn package`");
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

  @org.junit.jupiter.api.Test
  void aPolecatMayLeaveItsRepositoryToItsRig() throws IOException {
    JsonNode kubernetes = new YAMLMapper().readTree(Fixtures.read("config/crd/polecats.gastown.gastown.io-v1.yml"))
        .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/kubernetes");
    assertFalse(kubernetes.path("required").toString().contains("gitRepository"), kubernetes.path("required").toString());
  }
}
