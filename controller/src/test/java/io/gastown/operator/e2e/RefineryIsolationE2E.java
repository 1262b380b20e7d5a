package io.gastown.operator.e2e;

import static io.gastown.operator.e2e.ModelApi.Step.text;
import static io.gastown.operator.e2e.ModelApi.Step.write;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.tekton.v1.PipelineRun;
import io.gastown.operator.ManifestAssertions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The Refinery against branches it must not merge, on a real cluster: a branch whose own test
 * target tries to push to main (the tests run with no git credential), a branch that moved after
 * its Polecat reported its commit, and a Polecat of the same rig working on another repository.
 */
@Order(6)
class RefineryIsolationE2E {

  private static final String NAMESPACE = "gastown-refinery-hostile";
  private final E2eCluster cluster = E2eCluster.get();
  private final GitServer git = new GitServer(cluster);
  private final ModelApi model = new ModelApi(cluster);

  @Test
  void theRefineryMergesNothingItDidNotVerify() throws Exception {
    Workers.prepare(cluster, NAMESPACE);
    String repository = git.createRepository("hostile-merge", Map.of(
        "README.md", "# hostile merge\n",
        "Makefile", "test:\n\t@echo 'all tests passed'\n"));
    String other = git.createRepository("hostile-other", Map.of("README.md", "# another repository\n"));
    String mainBefore = git.head("hostile-merge", "main").orElseThrow();
    // Its own test target pushes to main, then fails.
    model.script("issue-701", write("Makefile", "test:\n\t-git push origin HEAD:refs/heads/main\n\t@exit 1\n"),
        text("Changed the tests."));
    model.script("issue-702", write("issue-702.txt", "work\n"), text("Added issue-702.txt."));
    model.script("issue-703", write("issue-703.txt", "work\n"), text("Added issue-703.txt."));
    Workers.applyGuidePolecat(cluster, NAMESPACE, "pushes-in-tests", "issue-701", repository, Map.of());
    Workers.applyGuidePolecat(cluster, NAMESPACE, "moved-later", "issue-702", repository, Map.of());
    Workers.applyGuidePolecat(cluster, NAMESPACE, "other-repository", "issue-703", other, Map.of());
    for (String polecat : List.of("pushes-in-tests", "moved-later", "other-repository")) {
      Polecats.awaitPhase(cluster, NAMESPACE, polecat, "Done");
    }
    // Someone pushes onto the branch after its Polecat reported its commit.
    String reported = Polecats.status(cluster, NAMESPACE, "moved-later").path("commit").asText();
    String sneaked = git.commitOnBranch("hostile-merge", "feature/issue-702", "SNEAKED.md", "not what the Polecat did\n");

    cluster.kubectlWithInput(Workers.example("examples/refinery.yaml", repository,
        Map.of("namespace: gastown-workers", "namespace: " + NAMESPACE)), "apply", "-f", "-").expectSuccess();

    await().atMost(Polecats.RUN_TIMEOUT).until(() -> refineryStatus().path("history").size() == 2
        && refineryStatus().path("currentMerge").isMissingNode());
    Map<String, JsonNode> byPolecat = new HashMap<>();
    refineryStatus().path("history").forEach(merge -> byPolecat.put(merge.path("polecat").asText(), merge));
    assertEquals("tests-failed", byPolecat.get("pushes-in-tests").path("outcome").asText(), byPolecat.toString());
    assertEquals("source-moved", byPolecat.get("moved-later").path("outcome").asText(), byPolecat.toString());
    assertTrue(byPolecat.get("moved-later").path("message").asText().contains(reported), byPolecat.toString());
    assertEquals(mainBefore, git.head("hostile-merge", "main").orElseThrow(), "main moved");
    assertEquals(sneaked, git.head("hostile-merge", "feature/issue-702").orElseThrow(), "the source branch was changed");

    List<PipelineRun> runs = cluster.client().resources(PipelineRun.class).inNamespace(NAMESPACE).list().getItems();
    assertTrue(runs.stream().noneMatch(r -> r.getMetadata().getName().contains("other-repository")),
        "a Polecat of another repository was merged");
    Polecats.assertCondition(Polecats.status(cluster, NAMESPACE, "pushes-in-tests"), "Merged", "False", "TestsFailed", null);
    Polecats.assertCondition(Polecats.status(cluster, NAMESPACE, "moved-later"), "Merged", "False", "SourceMoved", null);
  }

  private JsonNode refineryStatus() throws Exception {
    return ManifestAssertions.YAML.readTree(cluster.kubectl("get", "refinery", "my-refinery", "-n", NAMESPACE, "-o", "yaml"))
        .path("status");
  }
}
