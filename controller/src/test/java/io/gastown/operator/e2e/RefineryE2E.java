package io.gastown.operator.e2e;

import static io.gastown.operator.e2e.ModelApi.Step.text;
import static io.gastown.operator.e2e.ModelApi.Step.write;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.tekton.v1.PipelineRun;
import io.gastown.operator.ManifestAssertions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Two Polecats push their branches, then {@code examples/refinery.yaml} merges them: two real
 * merge PipelineRuns, one after the other, each running the example's {@code make test}; the
 * target branch on the git server advances to the merged commit the status reports.
 */
@Order(5)
class RefineryE2E {

  private static final String NAMESPACE = "gastown-refinery";
  private final E2eCluster cluster = E2eCluster.get();
  private final GitServer git = new GitServer(cluster);
  private final ModelApi model = new ModelApi(cluster);

  @Test
  void theRefineryMergesTwoPushedBranchesSequentiallyIntoMain() throws Exception {
    Workers.prepare(cluster, NAMESPACE);
    String repository = git.createRepository("refinery", Map.of(
        "README.md", "# refinery\n",
        "Makefile", "test:\n\t@test -f README.md && echo 'all tests passed'\n"));
    for (String bead : List.of("issue-601", "issue-602")) {
      model.script(bead, write(bead + ".txt", bead + "\n"), text("Added " + bead + ".txt."));
    }
    for (String name : List.of("merge-one:issue-601", "merge-two:issue-602")) {
      String[] parts = name.split(":");
      Workers.applyGuidePolecat(cluster, NAMESPACE, parts[0], parts[1], repository, Map.of());
    }
    Polecats.awaitPhase(cluster, NAMESPACE, "merge-one", "Done");
    Polecats.awaitPhase(cluster, NAMESPACE, "merge-two", "Done");

    cluster.kubectlWithInput(Workers.example("examples/refinery.yaml", repository,
        Map.of("namespace: gastown-workers", "namespace: " + NAMESPACE)), "apply", "-f", "-").expectSuccess();

    await().atMost(Polecats.RUN_TIMEOUT).until(() -> refineryStatus().path("history").size() == 2
        && refineryStatus().path("currentMerge").isMissingNode());
    JsonNode history = refineryStatus().path("history");
    for (JsonNode merge : history) {
      assertEquals("merged", merge.path("outcome").asText(), history::toString);
    }
    String last = history.get(1).path("mergedCommit").asText();
    assertEquals(git.head("refinery", "main").orElseThrow(), last);
    String files = git.git("refinery", "ls-tree", "--name-only", last);
    assertTrue(files.contains("issue-601.txt") && files.contains("issue-602.txt"), files);

    List<PipelineRun> runs = cluster.client().resources(PipelineRun.class).inNamespace(NAMESPACE).list().getItems();
    assertEquals(2, runs.size(), () -> "merge PipelineRuns: " + runs.stream().map(r -> r.getMetadata().getName()).toList());
    PipelineRun first = runs.stream().min((a, b) -> a.getStatus().getStartTime().compareTo(b.getStatus().getStartTime())).orElseThrow();
    PipelineRun second = runs.stream().filter(r -> r != first).findFirst().orElseThrow();
    assertFalse(Instant.parse(second.getStatus().getStartTime()).isBefore(Instant.parse(first.getStatus().getCompletionTime())),
        "the merges overlapped: parallelism is 1");

    for (String polecat : List.of("merge-one", "merge-two")) {
      JsonNode status = Polecats.status(cluster, NAMESPACE, polecat);
      Polecats.assertCondition(status, "Merged", "True", "Merged", null);
    }
    String logs = cluster.tkn("pipelinerun", "logs", first.getMetadata().getName(), "-n", NAMESPACE);
    assertTrue(logs.contains("all tests passed"), logs);

    // The runs reference the Pipeline installed in gastown-system (docs/tekton.md): Tekton labels
    // them and their TaskRuns with it, and tkn lists them under it.
    for (PipelineRun run : runs) {
      assertEquals("gastown-refinery-merge", run.getMetadata().getLabels().get("tekton.dev/pipeline"), run.getMetadata()::toString);
    }
    String listed = cluster.tkn("pipelinerun", "list", "gastown-refinery-merge", "-n", NAMESPACE);
    runs.forEach(run -> assertTrue(listed.contains(run.getMetadata().getName()), listed));
    String children = cluster.kubectl("get", "taskruns", "-n", NAMESPACE, "-l", "tekton.dev/pipelineRun=" + first.getMetadata().getName(),
        "-o", "jsonpath={range .items[*]}{.metadata.labels.tekton\\.dev/pipelineTask}={.metadata.labels.tekton\\.dev/task}{\"\\n\"}{end}");
    assertEquals(List.of("clone=gastown-git-clone", "merge=gastown-merge", "push=gastown-merge-push", "run-tests=gastown-merge-test"),
        children.lines().sorted().toList(), children);
    assertTrue(cluster.tkn("pipeline", "list", "-n", "gastown-system").contains("gastown-refinery-merge"));
  }

  private JsonNode refineryStatus() throws Exception {
    return ManifestAssertions.YAML.readTree(cluster.kubectl("get", "refinery", "my-refinery", "-n", NAMESPACE, "-o", "yaml"))
        .path("status");
  }
}
