package io.gastown.operator.common;

import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatStatus;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The Polecats' part of {@code /metrics}. The gauges (by phase, cost) are counted from the shared
 * Polecat cache when scraped, the same on every replica. The finished runs (outcome, duration) are
 * counted by the leader as its watch sees each Polecat reach a terminal phase: once per run, none
 * for the Polecats already finished when the replica started.
 */
final class PolecatMetrics {

  /** Upper bounds, in seconds, of the agent run duration histogram's buckets: 30 s to 4 h. */
  static final List<Double> RUN_BUCKETS = List.of(30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 14400.0);

  private volatile Supplier<Stream<Polecat>> cached = Stream::empty;
  private volatile Leadership leadership = Leadership.alone();
  /** By rig, phase and outcome. */
  private final Map<List<String>, LongAdder> outcomes = new ConcurrentSkipListMap<>(PrometheusText.SERIES_ORDER);
  /** By rig. */
  private final Map<String, Histogram> durations = new ConcurrentSkipListMap<>();

  /** @param polecats the cached Polecats, counted when scraped */
  void watch(Supplier<Stream<Polecat>> polecats, Leadership leader) {
    this.cached = polecats;
    this.leadership = leader;
  }

  /** A change the watch brought: a run that just ended is counted, on the leader only (a standby sees it too). */
  void changed(Polecat before, Polecat after) {
    if (before == null || after == null || terminal(before) || !terminal(after) || !leadership.leading()) {
      return;
    }
    PolecatStatus status = after.getStatus();
    String rig = rigOf(after);
    String outcome = status.getOutcome() == null || status.getOutcome().isBlank() ? "none" : status.getOutcome();
    outcomes.computeIfAbsent(List.of(rig, status.getPhase().name(), outcome), key -> new LongAdder()).increment();
    Timestamps.between(status.getStartTime(), status.getCompletionTime()).ifPresent(took ->
        durations.computeIfAbsent(rig, r -> new Histogram(RUN_BUCKETS)).observe(took.toMillis() / 1000.0));
  }

  void write(PrometheusText out) {
    Map<String, Map<PolecatPhase, Long>> phases = new TreeMap<>();
    Map<String, BigDecimal> costs = new TreeMap<>();
    cached.get().forEach(polecat -> {
      String rig = rigOf(polecat);
      PolecatStatus status = polecat.getStatus();
      PolecatPhase phase = status == null || status.getPhase() == null ? PolecatPhase.Pending : status.getPhase();
      phases.computeIfAbsent(rig, r -> new EnumMap<>(PolecatPhase.class)).merge(phase, 1L, Long::sum);
      BigDecimal cost = status == null ? BigDecimal.ZERO : Costs.parse(status.getCostUSD()).orElse(BigDecimal.ZERO);
      costs.merge(rig, cost, BigDecimal::add);
    });
    out.family("gastown_polecats", "gauge",
        "Polecats by phase and rig, from the operator's cache; one not reconciled yet counts as Pending.");
    phases.forEach((rig, byPhase) -> {
      for (PolecatPhase phase : PolecatPhase.values()) {
        out.sample("gastown_polecats", PrometheusText.labels("phase", phase.name(), "rig", rig), byPhase.getOrDefault(phase, 0L));
      }
    });
    out.family("gastown_polecat_cost_usd", "gauge",
        "What the Polecats that exist now cost, in USD (the sum of their status.costUSD), by rig.");
    costs.forEach((rig, cost) -> out.sample("gastown_polecat_cost_usd", Map.of("rig", rig), cost.doubleValue()));
    out.family("gastown_polecat_outcomes_total", "counter",
        "Agent runs that ended, by rig, terminal phase and status.outcome (none when the run reported none).");
    outcomes.forEach((key, n) -> out.sample("gastown_polecat_outcomes_total",
        PrometheusText.labels("rig", key.get(0), "phase", key.get(1), "outcome", key.get(2)), n.sum()));
    out.family("gastown_agent_run_duration_seconds", "histogram",
        "How long agent runs took, from status.startTime to status.completionTime, by rig.");
    durations.forEach((rig, histogram) -> histogram.write(out, "gastown_agent_run_duration_seconds", Map.of("rig", rig)));
  }

  private static boolean terminal(Polecat polecat) {
    return polecat.getStatus() != null && polecat.getStatus().getPhase() != null && polecat.getStatus().getPhase().isTerminal();
  }

  private static String rigOf(Polecat polecat) {
    return polecat.getSpec() == null || polecat.getSpec().getRig() == null ? "" : polecat.getSpec().getRig();
  }
}
