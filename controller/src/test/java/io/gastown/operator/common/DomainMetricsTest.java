package io.gastown.operator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunStatus;
import io.gastown.operator.Fixtures;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.refinery.RefineryStatus;
import io.gastown.operator.refinery.MergeOutcome;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Polecats' and Refineries' metrics: what is counted once, what is skipped, what a scrape shows. */
class DomainMetricsTest {

  @Test
  void aRunIsCountedWhenItsPolecatReachesATerminalPhaseAndOnlyThen() {
    PolecatMetrics metrics = new PolecatMetrics();
    Polecat working = polecat("a", "rig-a", PolecatPhase.Working, null, null, null);
    Polecat done = polecat("a", "rig-a", PolecatPhase.Done, "no-changes", "2026-01-20T00:10:00Z", "2026-01-20T00:20:00Z");

    metrics.changed(null, done);
    assertFalse(text(metrics).contains("gastown_polecat_outcomes_total{"), "a Polecat listed already finished is not a new run");
    metrics.changed(working, done);
    metrics.changed(done, done);
    metrics.changed(done, null);

    String text = text(metrics);
    assertEquals(1.0, sample(text, "gastown_polecat_outcomes_total{rig=\"rig-a\",phase=\"Done\",outcome=\"no-changes\"}"));
    assertEquals(1.0, sample(text, "gastown_agent_run_duration_seconds_count{rig=\"rig-a\"}"));
    assertEquals(600.0, sample(text, "gastown_agent_run_duration_seconds_sum{rig=\"rig-a\"}"));
    assertEquals(1.0, sample(text, "gastown_agent_run_duration_seconds_bucket{rig=\"rig-a\",le=\"600\"}"));
    assertEquals(0.0, sample(text, "gastown_agent_run_duration_seconds_bucket{rig=\"rig-a\",le=\"300\"}"));
  }

  @Test
  void aRunThatNeverStartedCountsItsOutcomeButNoDuration() {
    PolecatMetrics metrics = new PolecatMetrics();
    metrics.changed(polecat("a", "rig-a", PolecatPhase.Pending, null, null, null),
        polecat("a", "rig-a", PolecatPhase.Failed, null, null, "2026-01-20T00:20:00Z"));

    String text = text(metrics);
    assertEquals(1.0, sample(text, "gastown_polecat_outcomes_total{rig=\"rig-a\",phase=\"Failed\",outcome=\"none\"}"));
    assertFalse(text.contains("gastown_agent_run_duration_seconds_count{"), text);
  }

  @Test
  void aStandbyCountsNoRunsTheLeaderCountsThem() {
    PolecatMetrics metrics = new PolecatMetrics();
    metrics.watch(Stream::empty, Leadership.elected("standby"));
    metrics.changed(polecat("a", "rig-a", PolecatPhase.Working, null, null, null),
        polecat("a", "rig-a", PolecatPhase.Done, "succeeded", "2026-01-20T00:10:00Z", "2026-01-20T00:20:00Z"));

    assertFalse(text(metrics).contains("gastown_polecat_outcomes_total{"), text(metrics));
  }

  @Test
  void polecatsAreCountedByPhaseAndRigWithTheirCost() {
    PolecatMetrics metrics = new PolecatMetrics();
    Polecat fresh = polecat("c", "rig-b", PolecatPhase.Pending, null, null, null);
    fresh.setStatus(null);
    Polecat odd = polecat("d", "rig-a", PolecatPhase.Failed, null, null, null);
    odd.getStatus().setCostUSD("not a number");
    List<Polecat> cached = List.of(polecat("a", "rig-a", PolecatPhase.Done, "succeeded", null, null),
        polecat("b", "rig-a", PolecatPhase.Done, "succeeded", null, null), fresh, odd);
    cached.get(0).getStatus().setCostUSD("0.25");
    cached.get(1).getStatus().setCostUSD("1.5");
    metrics.watch(cached::stream, Leadership.alone());

    String text = text(metrics);
    assertEquals(2.0, sample(text, "gastown_polecats{phase=\"Done\",rig=\"rig-a\"}"));
    assertEquals(1.0, sample(text, "gastown_polecats{phase=\"Failed\",rig=\"rig-a\"}"));
    assertEquals(0.0, sample(text, "gastown_polecats{phase=\"Working\",rig=\"rig-a\"}"));
    assertEquals(1.0, sample(text, "gastown_polecats{phase=\"Pending\",rig=\"rig-b\"}"), "not reconciled yet");
    assertEquals(1.75, sample(text, "gastown_polecat_cost_usd{rig=\"rig-a\"}"));
    assertEquals(0.0, sample(text, "gastown_polecat_cost_usd{rig=\"rig-b\"}"));
  }

  @Test
  void aMergeRecordedTwiceIsCountedOnce() {
    RefineryMetrics metrics = new RefineryMetrics();
    Refinery refinery = refinery(3);
    PipelineRun run = run("uid-1", "2026-01-20T00:10:00Z", "2026-01-20T00:11:00Z");

    metrics.merged(refinery, run, "conflict");
    metrics.merged(refinery, run, "conflict");
    metrics.merged(refinery, run("uid-2", null, null), "something-new");

    String text = text(metrics);
    String labels = "refinery=\"my-refinery\",namespace=\"" + Fixtures.NAMESPACE + "\",rig=\"my-project\"";
    assertEquals(1.0, sample(text, "gastown_refinery_merge_total{" + labels + ",outcome=\"conflict\"}"));
    assertEquals(1.0, sample(text, "gastown_refinery_conflicts_total{" + labels + "}"));
    assertEquals(1.0, sample(text, "gastown_refinery_merge_total{" + labels + ",outcome=\"failed\"}"),
        "an outcome the Refinery does not know is a failed merge, as on the Polecat");
    assertEquals(0.0, sample(text, "gastown_refinery_merge_total{" + labels + ",outcome=\"merged\"}"));
    assertEquals(1.0, sample(text, "gastown_refinery_merge_duration_seconds_count{" + labels + "}"), "the run without times has none");
    assertEquals(60.0, sample(text, "gastown_refinery_merge_duration_seconds_sum{" + labels + "}"));
  }

  @Test
  void everyCachedRefineryShowsItsQueueAndZeroMerges() {
    RefineryMetrics metrics = new RefineryMetrics();
    metrics.watch(() -> Stream.of(refinery(3)));

    String text = text(metrics);
    String labels = "refinery=\"my-refinery\",namespace=\"" + Fixtures.NAMESPACE + "\",rig=\"my-project\"";
    assertEquals(3.0, sample(text, "gastown_refinery_queue_length{" + labels + "}"));
    for (String outcome : RefineryMetrics.OUTCOMES) {
      assertEquals(0.0, sample(text, "gastown_refinery_merge_total{" + labels + ",outcome=\"" + outcome + "\"}"), outcome);
    }
    assertEquals(0.0, sample(text, "gastown_refinery_merge_duration_seconds_count{" + labels + "}"));
  }

  @Test
  void everyOutcomeOfTheMergeStepHasItsOwnSeries() throws IllegalAccessException {
    for (Field field : MergeOutcome.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String outcome = (String) field.get(null);
        assertTrue(RefineryMetrics.OUTCOMES.contains(outcome), outcome + " is missing from RefineryMetrics.OUTCOMES");
      }
    }
  }

  private static Polecat polecat(String name, String rig, PolecatPhase phase, String outcome, String start, String end) {
    Polecat polecat = Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class);
    polecat.getMetadata().setName(name);
    polecat.getSpec().setRig(rig);
    PolecatStatus status = new PolecatStatus();
    status.setPhase(phase);
    status.setOutcome(outcome);
    status.setStartTime(start);
    status.setCompletionTime(end);
    polecat.setStatus(status);
    return polecat;
  }

  private static Refinery refinery(int queueLength) {
    Refinery refinery = Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class);
    RefineryStatus status = new RefineryStatus();
    status.setQueueLength(queueLength);
    refinery.setStatus(status);
    return refinery;
  }

  private static PipelineRun run(String uid, String start, String end) {
    PipelineRun run = new PipelineRun();
    run.setMetadata(new ObjectMetaBuilder().withName("refinery-my-refinery-" + uid).withNamespace(Fixtures.NAMESPACE)
        .withUid(uid).build());
    PipelineRunStatus status = new PipelineRunStatus();
    status.setStartTime(start);
    status.setCompletionTime(end);
    run.setStatus(status);
    return run;
  }

  private static String text(PolecatMetrics metrics) {
    PrometheusText out = new PrometheusText();
    metrics.write(out);
    return out.toString();
  }

  private static String text(RefineryMetrics metrics) {
    PrometheusText out = new PrometheusText();
    metrics.write(out);
    return out.toString();
  }

  private static double sample(String text, String series) {
    return text.lines().filter(l -> l.startsWith(series + " ")).map(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError(series + " not in\n" + text));
  }
}
