package io.gastown.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.steps.StepScripts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RenderTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void rendersTheGuidePolecatAsItsAgentPodWithoutACluster() {
    int exit = render(Fixtures.repoRoot().resolve("examples/polecat.yaml").toString(), "");

    assertEquals(0, exit, err.toString());
    Pod pod = Serialization.unmarshal(out.toString(StandardCharsets.UTF_8), Pod.class);
    assertEquals("polecat-my-worker", pod.getMetadata().getName());
    assertEquals("git-init", pod.getSpec().getInitContainers().get(0).getName());
  }

  @Test
  void rendersATektonPolecatAsItsWorkspaceAndBothTaskRuns() {
    int exit = render(Fixtures.repoRoot().resolve("examples/polecat-tekton.yaml").toString(), "");

    assertEquals(0, exit, err.toString());
    String yaml = out.toString(StandardCharsets.UTF_8);
    assertTrue(yaml.contains("name: \"polecat-my-tekton-worker-workspace\""), yaml);
    assertTrue(yaml.contains("name: \"polecat-my-tekton-worker-git-clone\""));
    assertTrue(yaml.contains("name: \"polecat-my-tekton-worker-claude\""));
  }

  @Test
  void rendersEveryPolecatOfAMultiDocumentStdinAndReportsInvalidOnes() {
    String yaml = Fixtures.read("examples/polecat.yaml") + "---\n" + Fixtures.read("examples/polecat-api-key.yaml")
        .replace("beadID: issue-456", "beadID: \"x$(id)\"");
    int exit = render("-", yaml);

    assertEquals(1, exit);
    assertEquals(1, out.toString(StandardCharsets.UTF_8).split("kind: \"Pod\"", -1).length - 1);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("api-key-worker: InvalidSpec: spec.beadID"), err.toString());
  }

  private int render(String file, String stdin) {
    return Render.run(file, StepScripts.bundled(), OperatorConfig.defaults(),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out), new PrintStream(err));
  }
}
