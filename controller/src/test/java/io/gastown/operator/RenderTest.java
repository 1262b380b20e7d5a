package io.gastown.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.steps.StepScripts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
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
  void assignUidsTrueRendersThePodsOpenShiftGets() {
    int exit = render(Fixtures.repoRoot().resolve("examples/polecat.yaml").toString(), "",
        OperatorConfig.fromEnvironment(java.util.Map.of("GASTOWN_ASSIGN_UIDS", "true")));

    assertEquals(0, exit, err.toString());
    UserIdAssertions.assertNoUserIds(Serialization.unmarshal(out.toString(StandardCharsets.UTF_8), Pod.class));
  }

  @Test
  void rendersTheGuidePolecatRunningAsUid65532ByDefault() {
    int exit = render(Fixtures.repoRoot().resolve("examples/polecat.yaml").toString(), "");

    assertEquals(0, exit, err.toString());
    UserIdAssertions.assertFixedUserIds(Serialization.unmarshal(out.toString(StandardCharsets.UTF_8), Pod.class));
  }

  /** With the setting the Deployment has, render shows the TaskRuns the operator creates there: references, no embedded Task. */
  @Test
  void withTheInstalledTasksNamespaceATektonPolecatRendersTaskRunsThatReferenceThem() {
    int exit = render(Fixtures.repoRoot().resolve("examples/polecat-tekton.yaml").toString(), "",
        OperatorConfig.fromEnvironment(java.util.Map.of("GASTOWN_TEKTON_TASKS_NAMESPACE", "gastown-system")));

    assertEquals(0, exit, err.toString());
    String yaml = out.toString(StandardCharsets.UTF_8);
    assertTrue(yaml.contains("resolver: \"cluster\""), yaml);
    assertTrue(yaml.contains("value: \"gastown-system\""), yaml);
    assertTrue(!yaml.contains("taskSpec:"), yaml);
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

  @Test
  void aPolecatOfARigInTheSameFileIsRenderedWithTheRigsDefaults() {
    int exit = render(Fixtures.repoRoot().resolve("examples/rig-with-defaults.yaml").toString(), "");

    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    Pod pod = Serialization.unmarshal(out.toString(StandardCharsets.UTF_8), Pod.class);
    assertEquals("polecat-mp-42", pod.getMetadata().getName());
    assertEquals(1800L, pod.getSpec().getActiveDeadlineSeconds());
    assertTrue(pod.getSpec().getInitContainers().get(0).getEnv().stream()
        .anyMatch(e -> "git@github.com:myorg/my-project.git".equals(e.getValue())));
  }

  @Test
  void aMissingFileIsOneLine() {
    int exit = render("nosuch.yaml", "");

    assertEquals(1, exit);
    assertEquals("gastown-operator render: cannot read nosuch.yaml: no such file\n", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void brokenYamlIsOneLineThatSaysWhere() {
    int exit = render("-", "kind: Polecat\nmetadata: {name: a\n");

    assertEquals(1, exit);
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals("gastown-operator render: cannot read -: expected ',' or '}', but got <stream end> (line 3, column 1)\n", message);
  }

  @Test
  void aRigMissingFromTheFileIsReadFromTheCluster() {
    String polecat = Fixtures.read("examples/rig-with-defaults.yaml").split("\n---\n")[1];
    Rig rig = Fixtures.rigWithDefaults();

    assertEquals(1, render("-", polecat), "without its Rig the Polecat has no repository");
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no Rig my-project"), err.toString(StandardCharsets.UTF_8));
    out.reset();
    int exit = Render.run("-", StepScripts.bundled(), OperatorConfig.defaults(),
        name -> "my-project".equals(name) ? Optional.of(rig) : Optional.empty(),
        new ByteArrayInputStream(polecat.getBytes(StandardCharsets.UTF_8)), new PrintStream(out), new PrintStream(err));
    assertEquals(0, exit);
    assertEquals(1800L, Serialization.unmarshal(out.toString(StandardCharsets.UTF_8), Pod.class).getSpec().getActiveDeadlineSeconds());
  }

  private int render(String file, String stdin) {
    return render(file, stdin, OperatorConfig.defaults());
  }

  private int render(String file, String stdin, OperatorConfig config) {
    return Render.run(file, StepScripts.bundled(), config, name -> Optional.empty(),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out), new PrintStream(err));
  }
}
