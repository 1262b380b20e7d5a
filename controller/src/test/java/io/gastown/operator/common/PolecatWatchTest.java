package io.gastown.operator.common;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.gastown.operator.Fixtures;
import io.gastown.operator.GastownOperator;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.polecat.FakeTekton;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Rig, Refinery, Convoy and Witness controllers share one pruned watch of the Polecats. */
@EnableKubernetesMockClient(crud = true)
class PolecatWatchTest {

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void theOperatorWatchesPolecatsTwiceWhateverFollowsThem() throws InterruptedException {
    FakeTekton.install(server);
    client.resource(Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class)).create();
    Operator operator = GastownOperator.start(client, OperatorConfig.defaults(), Clock.systemUTC(), e -> {});
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> client.resources(Polecat.class).inNamespace(Fixtures.NAMESPACE)
          .withName("my-worker").get().getStatus() != null);
      List<String> polecatWatches = new ArrayList<>();
      RecordedRequest request;
      while ((request = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
        String path = request.getPath();
        if (path.startsWith("/apis/gastown.gastown.io/v1alpha1/polecats?") && path.contains("watch=true")) {
          polecatWatches.add(path);
        }
      }
      // The Polecat controller's own (full) cache, and the one shared by the other four.
      assertEquals(2, polecatWatches.size(), polecatWatches::toString);
    } finally {
      operator.stop();
    }
  }

  @Test
  void theSharedCopyKeepsOnlyWhatTheFollowersRead() {
    Polecat polecat = Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class);
    polecat.getMetadata().getLabels().put("team", "a");
    PolecatStatus status = new PolecatStatus();
    status.setPhase(PolecatPhase.Done);
    status.setBranch("feature/issue-123");
    status.setCommit("abc");
    status.setPushed(true);
    status.setCostUSD("0.42");
    status.setOutcome("succeeded");
    status.setStartTime("2026-01-20T00:10:40Z");
    status.setCompletionTime("2026-01-20T00:13:19Z");
    status.setSummary("a long summary of what the agent did");
    status.setSessionID("session");
    status.getConditions().add(new ConditionBuilder().withType("Working").withStatus("False").withReason("Completed").build());
    status.getConditions().add(new ConditionBuilder().withType("CredentialsIsolated").withStatus("True").build());
    polecat.setStatus(status);

    PolecatWatch.prune(polecat);

    assertAll(
        () -> assertEquals("my-project", polecat.getSpec().getRig()),
        () -> assertEquals("issue-123", polecat.getSpec().getBeadID()),
        () -> assertNull(polecat.getSpec().getTaskDescription(), "the task text"),
        () -> assertNull(polecat.getSpec().getKubernetes().getGitSecretRef()),
        () -> assertNull(polecat.getSpec().getKubernetes().getClaudeCredsSecretRef()),
        () -> assertNull(polecat.getMetadata().getLabels()),
        () -> assertEquals("feature/issue-123", polecat.getStatus().getBranch()),
        () -> assertEquals("0.42", polecat.getStatus().getCostUSD()),
        () -> assertEquals("succeeded", polecat.getStatus().getOutcome(), "for the metrics"),
        () -> assertEquals("2026-01-20T00:10:40Z", polecat.getStatus().getStartTime(), "for the metrics"),
        () -> assertEquals("2026-01-20T00:13:19Z", polecat.getStatus().getCompletionTime()),
        () -> assertNull(polecat.getStatus().getSummary()),
        () -> assertNull(polecat.getStatus().getSessionID()),
        () -> assertEquals(List.of("Working"), polecat.getStatus().getConditions().stream().map(c -> c.getType()).toList()));
  }
}
