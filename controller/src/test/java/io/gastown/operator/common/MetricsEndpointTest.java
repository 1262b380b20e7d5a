package io.gastown.operator.common;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.knative.pkg.apis.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunResultBuilder;
import io.fabric8.tekton.v1.PipelineRunStatus;
import io.gastown.operator.Fixtures;
import io.gastown.operator.GastownOperator;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.polecat.FakeKubelet;
import io.gastown.operator.polecat.FakeTekton;
import io.gastown.operator.polecat.PolecatAssertions;
import io.javaoperatorsdk.operator.Operator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /metrics} of the running operator, as Prometheus scrapes it, after two Polecats ran and were merged or conflicted. */
@EnableKubernetesMockClient(crud = true)
class MetricsEndpointTest {

  static final String NS = Fixtures.NAMESPACE;

  KubernetesMockServer server;
  KubernetesClient client;
  Operator operator;
  HealthServer health;

  @BeforeEach
  void startOperator() {
    FakeTekton.install(server);
    Fixtures.createGuideSecrets(client);
    OperatorMetrics metrics = new OperatorMetrics();
    health = HealthServer.start(0, metrics);
    operator = GastownOperator.start(client, OperatorConfig.defaults(), Clock.systemUTC(), e -> {}, metrics, Leadership.alone());
    health.ready(operator.getRuntimeInfo(), Leadership.alone());
  }

  @AfterEach
  void stop() {
    operator.stop();
    health.stop();
  }

  @Test
  void polecatsRunToDoneAndMergedOrConflictingAreCountedWithTheirLabels() throws Exception {
    HttpResponse<String> before = scrape();
    assertEquals("text/plain; version=0.0.4; charset=utf-8", before.headers().firstValue("Content-Type").orElse(""));
    assertTrue(before.body().contains("gastown_reconciliations_total{controller=\"polecat\"} 0\n"), before.body());
    assertTrue(before.body().contains("# TYPE gastown_refinery_merge_total counter\n"), before.body());

    client.resource(Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class)).create();
    String refinery = "refinery=\"my-refinery\",namespace=\"" + NS + "\",rig=\"my-project\"";
    await().untilAsserted(() -> {
      assertEquals(0.0, sample("gastown_refinery_merge_total{" + refinery + ",outcome=\"merged\"}"), "at 0 before any merge");
      assertEquals(0.0, sample("gastown_refinery_conflicts_total{" + refinery + "}"));
      assertEquals(0.0, sample("gastown_refinery_queue_length{" + refinery + "}"));
    });
    client.resource(Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class)).create();
    client.resource(polecat("other-worker", "issue-456")).create();
    FakeKubelet kubelet = new FakeKubelet(client);
    for (String name : List.of("my-worker", "other-worker")) {
      await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(NS).withName("polecat-" + name).get() != null);
    }
    await().untilAsserted(() -> assertEquals(2.0, sample("gastown_polecats{phase=\"Pending\",rig=\"my-project\"}")));
    kubelet.running("polecat-my-worker");
    PolecatAssertions.awaitStatus(client, "my-worker", s -> assertEquals(PolecatPhase.Working, s.getPhase()));
    // Pod start 00:10:40: runs of 159 s and 1200 s.
    kubelet.succeeded("polecat-my-worker", FakeKubelet.result("feature/issue-123", "succeeded", "done"), "2026-01-20T00:13:19Z");
    PolecatAssertions.awaitStatus(client, "my-worker", s -> assertEquals(PolecatPhase.Done, s.getPhase()));
    kubelet.succeeded("polecat-other-worker", FakeKubelet.result("feature/issue-456", "succeeded", "done"), "2026-01-20T00:30:40Z");
    PolecatAssertions.awaitStatus(client, "other-worker", s -> assertEquals(PolecatPhase.Done, s.getPhase()));

    PipelineRun first = awaitRun("refinery-my-refinery-my-worker");
    await().untilAsserted(() -> assertEquals(1.0, sample("gastown_refinery_queue_length{" + refinery + "}"),
        "other-worker waits while my-worker merges"));
    finish(first, "merged", "aaa111", 120);
    finish(awaitRun("refinery-my-refinery-other-worker"), "conflict", "", 30);

    await().untilAsserted(() -> {
      assertEquals(1.0, sample("gastown_refinery_merge_total{" + refinery + ",outcome=\"merged\"}"));
      assertEquals(1.0, sample("gastown_refinery_merge_total{" + refinery + ",outcome=\"conflict\"}"));
      assertEquals(1.0, sample("gastown_refinery_conflicts_total{" + refinery + "}"));
      assertEquals(0.0, sample("gastown_refinery_queue_length{" + refinery + "}"));
    });
    assertEquals(0.0, sample("gastown_refinery_merge_total{" + refinery + ",outcome=\"tests-failed\"}"));
    assertEquals(2.0, sample("gastown_refinery_merge_duration_seconds_count{" + refinery + "}"));
    assertEquals(150.0, sample("gastown_refinery_merge_duration_seconds_sum{" + refinery + "}"));
    assertEquals(1.0, sample("gastown_refinery_merge_duration_seconds_bucket{" + refinery + ",le=\"30\"}"));
    assertEquals(2.0, sample("gastown_refinery_merge_duration_seconds_bucket{" + refinery + ",le=\"120\"}"));
    assertEquals(1.0, sample("gastown_events_total{kind=\"Refinery\",type=\"Normal\",reason=\"Merged\"}"));
    assertEquals(1.0, sample("gastown_events_total{kind=\"Refinery\",type=\"Warning\",reason=\"Conflict\"}"));

    for (PolecatPhase phase : PolecatPhase.values()) {
      assertEquals(phase == PolecatPhase.Done ? 2.0 : 0.0, sample("gastown_polecats{phase=\"" + phase + "\",rig=\"my-project\"}"),
          phase.name());
    }
    assertEquals(0.8426, sample("gastown_polecat_cost_usd{rig=\"my-project\"}"), 1e-9, "0.4213 USD each");
    assertEquals(2.0, sample("gastown_polecat_outcomes_total{rig=\"my-project\",phase=\"Done\",outcome=\"succeeded\"}"));
    assertEquals(2.0, sample("gastown_agent_run_duration_seconds_count{rig=\"my-project\"}"));
    assertEquals(1359.0, sample("gastown_agent_run_duration_seconds_sum{rig=\"my-project\"}"));
    assertEquals(0.0, sample("gastown_agent_run_duration_seconds_bucket{rig=\"my-project\",le=\"120\"}"));
    assertEquals(1.0, sample("gastown_agent_run_duration_seconds_bucket{rig=\"my-project\",le=\"300\"}"));
    assertEquals(2.0, sample("gastown_agent_run_duration_seconds_bucket{rig=\"my-project\",le=\"1800\"}"));

    double polecatReconciles = sample("gastown_reconciliations_total{controller=\"polecat\"}");
    assertTrue(polecatReconciles >= 3, "Pending, Working and Done were each a reconcile: " + polecatReconciles);
    assertTrue(sample("gastown_reconciliations_total{controller=\"refinery\"}") >= 1);
    assertEquals(0.0, sample("gastown_reconciliation_errors_total{controller=\"polecat\"}"));
    double count = sample("gastown_reconciliation_duration_seconds_count{controller=\"polecat\"}");
    assertEquals(count, sample("gastown_reconciliation_duration_seconds_bucket{controller=\"polecat\",le=\"+Inf\"}"));
    assertTrue(count >= polecatReconciles, "every reconcile is timed");
    assertTrue(sample("gastown_reconciliation_duration_seconds_sum{controller=\"polecat\"}") > 0);
    assertEquals(0.0, sample("gastown_events_dropped_total"));
    assertEquals(1.0, sample("gastown_leader"));
    String text = scrape().body();
    assertTrue(text.contains("# TYPE gastown_reconciliation_duration_seconds histogram\n"), text);
    assertTrue(text.contains("# TYPE gastown_agent_run_duration_seconds histogram\n"), text);
    assertTrue(text.contains("# TYPE gastown_polecats gauge\n"), text);
  }

  private static Polecat polecat(String name, String bead) {
    Polecat polecat = Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class);
    polecat.getMetadata().setName(name);
    polecat.getSpec().setBeadID(bead);
    return polecat;
  }

  private PipelineRun awaitRun(String name) {
    return await().atMost(Duration.ofSeconds(15))
        .until(() -> client.resources(PipelineRun.class).inNamespace(NS).withName(name).get(), r -> r != null);
  }

  /** Tekton ends the merge run now, after {@code seconds}, with the merge step's {@code outcome}. */
  private void finish(PipelineRun run, String outcome, String mergedCommit, long seconds) {
    Instant completed = Instant.now();
    client.resources(PipelineRun.class).inNamespace(NS).withName(run.getMetadata().getName()).editStatus(r -> {
      PipelineRunStatus status = new PipelineRunStatus();
      status.setStartTime(Timestamps.format(completed.minusSeconds(seconds)));
      status.setCompletionTime(Timestamps.format(completed));
      status.setConditions(List.of(new ConditionBuilder().withType("Succeeded").withStatus("True").withReason("Succeeded").build()));
      status.setResults(Map.of("outcome", outcome, "merged-commit", mergedCommit, "summary", "").entrySet().stream()
          .map(e -> new PipelineRunResultBuilder().withName(e.getKey()).withValue(new ParamValue(e.getValue())).build())
          .toList());
      r.setStatus(status);
      return r;
    });
  }

  private HttpResponse<String> scrape() throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of one sample line of {@code /metrics}. */
  private double sample(String series) throws Exception {
    String text = scrape().body();
    return text.lines().filter(l -> l.startsWith(series + " ")).map(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError(series + " not in\n" + text));
  }
}
