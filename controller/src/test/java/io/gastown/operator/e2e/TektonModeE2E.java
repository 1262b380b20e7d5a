package io.gastown.operator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/polecat-tekton.yaml} on the real Tekton controller: two TaskRuns on an owned
 * workspace PVC, both visible with {@code tkn taskrun logs}, their results on the Polecat.
 */
@Order(4)
class TektonModeE2E {

  private static final String NAMESPACE = "gastown-tekton";
  private final E2eCluster cluster = E2eCluster.get();
  private final GitServer git = new GitServer(cluster);

  @Test
  void theTektonExampleRunsAsTwoTaskRunsAndReportsTheirResults() {
    Workers.prepare(cluster, NAMESPACE);
    String repository = git.createRepository("tekton", Map.of("README.md", "# tekton\n", ".beads/issues.jsonl",
        "{\"id\":\"issue-123\",\"title\":\"Leave a note that the agent was here\",\"description\":\"Create AGENT_WAS_HERE.md holding the bead ID.\",\"status\":\"open\",\"priority\":1}\n"));
    cluster.kubectlWithInput(Workers.example("examples/polecat-tekton.yaml", repository,
        Map.of("namespace: gastown-workers", "namespace: " + NAMESPACE)), "apply", "-f", "-").expectSuccess();

    JsonNode status = Polecats.awaitPhase(cluster, NAMESPACE, "my-tekton-worker", "Done");

    String taskRuns = cluster.tkn("taskrun", "list", "-n", NAMESPACE);
    assertTrue(taskRuns.contains("polecat-my-tekton-worker-git-clone") && taskRuns.contains("polecat-my-tekton-worker-claude"),
        taskRuns);
    String clone = cluster.tkn("taskrun", "logs", "polecat-my-tekton-worker-git-clone", "-n", NAMESPACE);
    assertTrue(clone.contains("[clone] Git setup complete. Working branch: feature/issue-123"), clone);
    String claude = cluster.tkn("taskrun", "logs", "polecat-my-tekton-worker-claude", "-n", NAMESPACE);
    assertTrue(claude.contains("[claude] Working on issue: issue-123"), claude);
    assertTrue(claude.contains("[push] Outcome: succeeded."), claude);

    assertEquals("feature/issue-123", status.path("branch").asText());
    assertEquals("true", status.path("pushed").asText());
    assertEquals(git.head("tekton", "feature/issue-123").orElseThrow(), status.path("commit").asText());
    assertEquals("issue-123", git.git("tekton", "show", status.path("commit").asText() + ":AGENT_WAS_HERE.md"));
    JsonNode runs = status.path("taskRuns");
    assertEquals(2, runs.size(), runs::toString);
    runs.forEach(run -> assertEquals("Succeeded", run.path("state").asText(), runs::toString));

    PersistentVolumeClaim workspace = cluster.client().persistentVolumeClaims().inNamespace(NAMESPACE)
        .withName("polecat-my-tekton-worker-workspace").get();
    assertEquals("Bound", workspace.getStatus().getPhase());
    assertEquals("Polecat", workspace.getMetadata().getOwnerReferences().get(0).getKind());
    String taskRunOwner = cluster.kubectl("get", "taskrun", "polecat-my-tekton-worker-claude", "-n", NAMESPACE,
        "-o", "jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}");
    assertEquals("Polecat/my-tekton-worker", taskRunOwner);

    // Both runs reference the Tasks installed in gastown-system (docs/tekton.md), so Tekton labels
    // them with the Task's name and tkn lists them under it.
    for (String task : List.of("git-clone", "claude")) {
      String run = "polecat-my-tekton-worker-" + task;
      assertEquals("cluster/gastown-" + task, cluster.kubectl("get", "taskrun", run, "-n", NAMESPACE,
          "-o", "jsonpath={.spec.taskRef.resolver}/{.metadata.labels.tekton\\.dev/task}"));
      String listed = cluster.tkn("taskrun", "list", "gastown-" + task, "-n", NAMESPACE);
      assertTrue(listed.contains(run), listed);
    }
    String tasks = cluster.tkn("task", "list", "-n", "gastown-system");
    for (String task : List.of("gastown-git-clone", "gastown-claude", "gastown-merge", "gastown-merge-test", "gastown-merge-push",
        "gastown-pull-request", "gastown-bead-sync")) {
      assertTrue(tasks.contains(task), tasks);
    }
  }
}
