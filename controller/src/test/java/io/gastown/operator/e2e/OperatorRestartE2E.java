package io.gastown.operator.e2e;

import static io.gastown.operator.e2e.ModelApi.Step.bash;
import static io.gastown.operator.e2e.ModelApi.Step.text;
import static io.gastown.operator.e2e.ModelApi.Step.write;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The leading operator pod is deleted while an agent works: the standby replica takes the Lease
 * over and adopts the running pod instead of starting a second agent, and the status completes.
 */
@Order(7)
class OperatorRestartE2E {

  private static final String NAMESPACE = "gastown-restart";
  private final E2eCluster cluster = E2eCluster.get();
  private final GitServer git = new GitServer(cluster);
  private final ModelApi model = new ModelApi(cluster);

  @Test
  void aRestartedOperatorAdoptsTheRunningAgentAndCompletesItsStatus() {
    Workers.prepare(cluster, NAMESPACE);
    String repository = git.createRepository("restart", Map.of("README.md", "# restart\n"));
    model.script("issue-restart", bash("sleep 25"), write("AGENT_WAS_HERE.md", "issue-restart\n"), text("Done after a restart."));
    Set<String> agentPods = ConcurrentHashMap.newKeySet();
    try (Watch watch = cluster.client().pods().inNamespace(NAMESPACE)
        .withLabel("gastown.gastown.io/polecat", "restart-worker").watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, Pod pod) {
            agentPods.add(pod.getMetadata().getUid());
          }

          @Override
          public void onClose(WatcherException cause) {
          }
        })) {
      Workers.applyGuidePolecat(cluster, NAMESPACE, "restart-worker", "issue-restart", repository, Map.of());
      Polecats.awaitPhase(cluster, NAMESPACE, "restart-worker", "Working");
      String before = await().atMost(Polecats.RUN_TIMEOUT).until(this::leader, leader -> !leader.isEmpty());

      cluster.kubectl("delete", "pod", before, "-n", Workers.OPERATOR_NAMESPACE, "--wait=true");
      cluster.kubectl("-n", Workers.OPERATOR_NAMESPACE, "rollout", "status", "deployment/" + Workers.OPERATOR_DEPLOYMENT,
          "--timeout=120s");
      String after = await().atMost(Polecats.RUN_TIMEOUT).until(this::leader, leader -> !leader.isEmpty() && !leader.equals(before));
      assertNotEquals(before, after);

      JsonNode status = Polecats.awaitPhase(cluster, NAMESPACE, "restart-worker", "Done");
      assertEquals(git.head("restart", "feature/issue-restart").orElseThrow(), status.path("commit").asText());
    }
    assertEquals(1, agentPods.size(), () -> "agent pods created: " + agentPods);
  }

  /** The pod holding the leader Lease (its identity is its pod name); empty while none does. */
  private String leader() {
    var lease = cluster.client().leases().inNamespace(Workers.OPERATOR_NAMESPACE).withName("gastown-operator").get();
    return lease == null || lease.getSpec().getHolderIdentity() == null ? "" : lease.getSpec().getHolderIdentity();
  }
}
