package io.gastown.operator.e2e;

import static io.gastown.operator.e2e.ModelApi.Step.bash;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The rest of a Polecat's life on a real cluster: the guide's API-key Polecat, an expired OAuth
 * token and an unreachable repository reported on the resource, {@code desiredState: Terminated},
 * deletion (the real garbage collector removes the pod) and {@code ttlSecondsAfterFinished}.
 */
@Order(3)
class PolecatLifecycleE2E {

  private static final String NAMESPACE = "gastown-lifecycle";
  private static final E2eCluster cluster = E2eCluster.get();
  private static final GitServer git = new GitServer(cluster);
  private static String repository;
  private final ModelApi model = new ModelApi(cluster);

  @BeforeAll
  static void workers() {
    Workers.prepare(cluster, NAMESPACE);
    // The guide's API-key Polecat has no taskDescription either: its bead is in the repository.
    repository = git.createRepository("lifecycle", Map.of("README.md", "# lifecycle\n", ".beads/issues.jsonl",
        "{\"id\":\"issue-456\",\"title\":\"Add a changelog entry\",\"status\":\"open\"}\n"));
  }

  @Test
  void theGuidesApiKeyPolecatRunsOnTheApiKeySecret() {
    apply("examples/polecat-api-key.yaml", Map.of("namespace: gastown-workers", "namespace: " + NAMESPACE));

    JsonNode status = Polecats.awaitPhase(cluster, NAMESPACE, "api-key-worker", "Done");
    assertEquals("feature/issue-456", status.path("branch").asText());
    assertEquals(git.head("lifecycle", "feature/issue-456").orElseThrow(), status.path("commit").asText());
  }

  @Test
  void anExpiredOAuthTokenFailsWithinSecondsAndSaysToRefreshTheSecret() throws Exception {
    String expired = E2eCluster.read(java.nio.file.Path.of(cluster.env("CLAUDE_CREDENTIALS_JSON")))
        .replace(cluster.env("MESSAGES_API_OAUTH_TOKEN"), "sk-ant-oat01-expired-token");
    cluster.kubectl("create", "secret", "generic", "claude-home-expired", "-n", NAMESPACE,
        "--from-literal=.credentials.json=" + expired);
    Workers.applyGuidePolecat(cluster, NAMESPACE, "expired-worker", "issue-401", repository, Map.of(
        "name: claude-home", "name: claude-home-expired"));

    JsonNode status = Polecats.awaitPhase(cluster, NAMESPACE, "expired-worker", "Failed");
    Polecats.assertCondition(status, "Working", "False", "AuthFailed", null);
    String message = Polecats.conditionMessage(status, "Working");
    assertTrue(message.contains("refresh the credentials secret"), message);
    assertEquals("auth-failed", status.path("outcome").asText());
    Duration took = Duration.between(Instant.parse(status.path("startTime").asText()),
        Instant.parse(status.path("completionTime").asText()));
    assertTrue(took.compareTo(Duration.ofSeconds(45)) < 0, "the auth failure took " + took);
    String events = cluster.kubectl("get", "events", "-n", NAMESPACE, "--field-selector", "involvedObject.name=expired-worker");
    assertTrue(events.contains("AuthFailed"), events);
  }

  @Test
  void aRepositoryThatCannotBeClonedFailsWithCloneFailed() {
    Workers.applyGuidePolecat(cluster, NAMESPACE, "no-repo-worker", "issue-404", repository, Map.of(
        "lifecycle.git", "no-such-repository.git"));

    JsonNode status = Polecats.awaitPhase(cluster, NAMESPACE, "no-repo-worker", "Failed");
    Polecats.assertCondition(status, "Working", "False", "CloneFailed", null);
    assertTrue(Polecats.conditionMessage(status, "Working").contains("kubectl logs polecat-no-repo-worker -c git-init"),
        () -> status.toString());
    String gitInit = cluster.kubectl("logs", "polecat-no-repo-worker", "-c", "git-init", "-n", NAMESPACE);
    assertTrue(gitInit.contains("does not appear to be a git repository") || gitInit.contains("Could not read from remote"),
        gitInit);
  }

  @Test
  void terminatingAWorkingPolecatDeletesItsPodAndEndsTerminated() {
    model.script("issue-stop", bash("sleep 600"));
    Workers.applyGuidePolecat(cluster, NAMESPACE, "stopped-worker", "issue-stop", repository, Map.of());
    await().atMost(Polecats.RUN_TIMEOUT).until(() -> claudeIsRunning("polecat-stopped-worker"));

    cluster.kubectl("patch", "polecat", "stopped-worker", "-n", NAMESPACE, "--type=merge",
        "-p", "{\"spec\":{\"desiredState\":\"Terminated\"}}");

    JsonNode status = Polecats.awaitPhase(cluster, NAMESPACE, "stopped-worker", "Terminated");
    Polecats.assertCondition(status, "Working", "False", "Terminated", null);
    await().atMost(Duration.ofSeconds(60)).until(() -> pod("polecat-stopped-worker") == null);
  }

  @Test
  void deletingAPolecatLetsTheGarbageCollectorRemoveItsPod() {
    Workers.applyGuidePolecat(cluster, NAMESPACE, "deleted-worker", "issue-del", repository, Map.of());
    Polecats.awaitPhase(cluster, NAMESPACE, "deleted-worker", "Done");
    Pod pod = pod("polecat-deleted-worker");
    assertNotNull(pod);
    assertEquals("Polecat", pod.getMetadata().getOwnerReferences().get(0).getKind());

    cluster.kubectl("delete", "polecat", "deleted-worker", "-n", NAMESPACE, "--wait=true");

    await().atMost(Duration.ofSeconds(60)).until(() -> pod("polecat-deleted-worker") == null);
    // A deleted Polecat never takes its pushed branch with it.
    assertTrue(git.head("lifecycle", "feature/issue-del").isPresent());
  }

  @Test
  void ttlSecondsAfterFinishedDeletesThePodAndKeepsThePolecat() {
    Workers.applyGuidePolecat(cluster, NAMESPACE, "ttl-worker", "issue-ttl", repository,
        Map.of("  desiredState: Working", "  desiredState: Working\n  ttlSecondsAfterFinished: 5"));

    JsonNode status = Polecats.awaitPhase(cluster, NAMESPACE, "ttl-worker", "Done");
    await().atMost(Duration.ofSeconds(90)).until(() -> pod("polecat-ttl-worker") == null);
    assertEquals("Done", Polecats.status(cluster, NAMESPACE, "ttl-worker").path("phase").asText());
    assertEquals(status.path("commit").asText(), git.head("lifecycle", "feature/issue-ttl").orElseThrow());
  }

  private void apply(String example, Map<String, String> edits) {
    cluster.kubectlWithInput(Workers.example(example, repository, edits), "apply", "-f", "-").expectSuccess();
  }

  private static Pod pod(String name) {
    return cluster.client().pods().inNamespace(NAMESPACE).withName(name).get();
  }

  private static boolean claudeIsRunning(String name) {
    Pod pod = pod(name);
    return pod != null && pod.getStatus().getContainerStatuses() != null
        && pod.getStatus().getContainerStatuses().stream()
            .anyMatch(s -> s.getName().equals("claude") && s.getState() != null && s.getState().getRunning() != null);
  }
}
