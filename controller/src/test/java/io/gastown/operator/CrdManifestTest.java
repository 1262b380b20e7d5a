package io.gastown.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrdManifestTest {

  @ParameterizedTest
  @ValueSource(strings = {"polecats.gastown.gastown.io-v1.yml", "refineries.gastown.gastown.io-v1.yml"})
  void committedCrdMatchesTheOneGeneratedFromTheModel(String file) throws IOException {
    String generated;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/fabric8/" + file)) {
      assertNotNull(in, "the build generates " + file);
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(generated, Fixtures.read("config/crd/" + file),
        "config/crd/" + file + " is stale: copy it from controller/target/classes/META-INF/fabric8/ after `mvn package`");
  }
}
