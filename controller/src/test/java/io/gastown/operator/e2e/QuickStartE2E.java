package io.gastown.operator.e2e;

import static io.gastown.operator.e2e.ModelApi.Step.bash;
import static io.gastown.operator.e2e.ModelApi.Step.text;
import static io.gastown.operator.e2e.ModelApi.Step.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gastown.operator.ManifestAssertions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The user guide's Quick Start, for real: its namespace, its secrets made with its commands, its
 * Polecat with only {@code gitRepository} pointed at this cluster's git server. What the guide
 * shows ({@code kubectl get pods}, {@code kubectl logs -c git-init / -c claude}, the Final Status)
 * is what this checks, plus the results against the repository itself.
 */
@Order(2)
class QuickStartE2E {

  private static final String NAMESPACE = "gastown-workers";
  private final E2eCluster cluster = E2eCluster.get();
  private final GitServer git = new GitServer(cluster);
  private final ModelApi model = new ModelApi(cluster);

  @Test
  void theGuidesPolecatClonesRunsClaudeCodeAndPushesItsBranch() throws Exception {
    Workers.prepare(cluster, NAMESPACE);
    // The guide's Polecat has no taskDescription: its task is the repository's bead issue-123.
    String repository = git.createRepository("quickstart", Map.of("README.md", "# demo\n", ".beads/issues.jsonl", "{\"id\":\"issue-123\",\"title\":\"Leave a note that the agent was here\",\"description\":\"Create AGENT_WAS_HERE.md holding the bead ID.\",\"status\":\"open\",\"priority\":1}\n"));
    String main = git.head("quickstart", "main").orElseThrow();
    model.script("issue-123",
        bash("id -u; touch /etc/gastown-probe"),
        write("AGENT_WAS_HERE.md", "issue-123\n"),
        text("Created AGENT_WAS_HERE.md for issue-123."));

    String applied = cluster.kubectlWithInput(Workers.example("examples/polecat.yaml", repository, Map.of()),
        "apply", "-f", "-").expectSuccess();
    assertEquals("polecat.gastown.gastown.io/my-worker created", applied.strip());

    Polecats.awaitPhase(cluster, NAMESPACE, "my-worker", "Done");
    String prompt = model.prompt("issue-123");
    assertTrue(prompt.contains("Leave a note that the agent was here") && prompt.contains("Create AGENT_WAS_HERE.md"), prompt);

    String pods = cluster.kubectl("get", "pods", "-n", NAMESPACE);
    assertTrue(pods.lines().anyMatch(l -> l.startsWith("polecat-my-worker ") && l.contains("Completed")), pods);

    String gitInit = cluster.kubectl("logs", "polecat-my-worker", "-c", "git-init", "-n", NAMESPACE);
    assertLines(gitInit,
        "Cloning ssh://***@",
        "Cloning into '/workspace/repo'...",
        "Switched to a new branch 'feature/issue-123'",
        "Git setup complete. Working branch: feature/issue-123");
    String claude = cluster.kubectl("logs", "polecat-my-worker", "-c", "claude", "-n", NAMESPACE);
    assertLines(claude,
        "Claude credentials copied to /home/nonroot/.claude/",
        "2.1.",
        "Starting Claude Code agent...",
        "Working on issue: issue-123",
        "Created AGENT_WAS_HERE.md for issue-123.");

    JsonNode status = ManifestAssertions.YAML.readTree(
        cluster.kubectl("get", "polecat", "my-worker", "-n", NAMESPACE, "-o", "yaml")).path("status");
    assertEquals("Done", status.path("phase").asText());
    assertEquals("issue-123", status.path("assignedBead").asText());
    assertEquals("polecat-my-worker", status.path("podName").asText());
    Polecats.assertCondition(status, "Ready", "True", "PodCreated", "Pod created successfully");
    Polecats.assertCondition(status, "Working", "False", "Completed", "Work completed");

    // The results are the repository's truth: the reported commit is the pushed branch's head,
    // one commit on top of main, holding the agent's file.
    assertEquals("feature/issue-123", status.path("branch").asText());
    assertEquals("true", status.path("pushed").asText());
    String commit = status.path("commit").asText();
    assertEquals(git.head("quickstart", "feature/issue-123").orElseThrow(), commit);
    assertEquals(main, git.git("quickstart", "rev-parse", commit + "^"));
    assertEquals("issue-123", git.git("quickstart", "show", commit + ":AGENT_WAS_HERE.md"));
    assertEquals("succeeded", status.path("outcome").asText());
    assertEquals(3, status.path("numTurns").asInt());

    // The agent's own shell ran as uid 65532 on a read-only root filesystem.
    List<String> toolResults = model.toolResults("issue-123");
    assertTrue(toolResults.stream().anyMatch(r -> r.contains("65532") && r.contains("Read-only file system")),
        () -> "the agent's tool results: " + toolResults);
  }

  private static void assertLines(String log, String... expectedInOrder) {
    List<String> lines = log.lines().toList();
    int at = 0;
    for (String expected : expectedInOrder) {
      while (at < lines.size() && !lines.get(at).startsWith(expected)) {
        at++;
      }
      assertTrue(at < lines.size(), () -> "no line starting with \"" + expected + "\" (in this order) in:\n" + log);
      at++;
    }
  }
}
