package io.gastown.operator.common;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.refinery.MergeReason;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.Controller;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The operator's Prometheus metrics, served as text on {@code /metrics}. JOSDK reports each
 * reconcile here ({@link Metrics#timeControllerExecution}); the Events the recorder wrote are
 * counted from its listener; the Polecats by phase are counted from the operator's own shared
 * Polecat cache when scraped, without an API call.
 */
public final class OperatorMetrics implements Metrics {

  /** Upper bounds, in seconds, of the reconcile duration histogram's buckets. */
  static final List<Double> BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  /** The reasons of a Refinery's Events that report how one merge ended; the others are about the Refinery. */
  private static final Set<MergeReason> MERGE_OUTCOMES = EnumSet.of(MergeReason.Merged, MergeReason.Conflict,
      MergeReason.TestsFailed, MergeReason.PushFailed, MergeReason.SourceMoved, MergeReason.MergeFailed);

  private final Map<String, Reconciles> reconciles = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> merges = new ConcurrentSkipListMap<>();
  private final Map<List<String>, LongAdder> events = new ConcurrentHashMap<>();
  private volatile Supplier<Map<PolecatPhase, Long>> polecats = Map::of;
  private volatile LongSupplier eventsDropped = () -> 0;
  private volatile Leadership leadership = Leadership.alone();

  public OperatorMetrics() {
    for (MergeReason outcome : MERGE_OUTCOMES) {
      merges.put(outcome.name(), new LongAdder());
    }
  }

  /** What is read when scraped: the shared Polecat cache, the recorder's queue and the Lease. */
  public void watch(PolecatWatch polecatWatch, EventRecorder recorder, Leadership leader) {
    this.polecats = polecatWatch::countByPhase;
    this.eventsDropped = recorder::dropped;
    this.leadership = leader;
  }

  @Override
  public void controllerRegistered(Controller<? extends HasMetadata> controller) {
    reconciles.computeIfAbsent(controller.getConfiguration().getName(), name -> new Reconciles());
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    Reconciles of = reconciles.computeIfAbsent(execution.controllerName(), name -> new Reconciles());
    long start = System.nanoTime();
    boolean failed = true;
    try {
      T result = execution.execute();
      failed = false;
      return result;
    } finally {
      of.observe((System.nanoTime() - start) / 1e9, failed);
    }
  }

  /** An Event the API server accepted (a repeat counted on an existing Event too). */
  public void recorded(Event event) {
    String kind = event.getInvolvedObject() == null ? "" : String.valueOf(event.getInvolvedObject().getKind());
    events.computeIfAbsent(List.of(kind, String.valueOf(event.getType()), String.valueOf(event.getReason())),
        key -> new LongAdder()).increment();
    if ("Refinery".equals(kind) && MERGE_OUTCOMES.stream().anyMatch(o -> o.name().equals(event.getReason()))) {
      merges.get(event.getReason()).increment();
    }
  }

  /** The metrics in the Prometheus text format. */
  public String text() {
    PrometheusText out = new PrometheusText();
    out.family("gastown_reconciliations_total", "counter",
        "Reconciles run by this replica, by controller (only the leader reconciles).");
    reconciles.forEach((controller, r) -> out.sample("gastown_reconciliations_total", Map.of("controller", controller),
        r.count.sum()));
    out.family("gastown_reconciliation_errors_total", "counter",
        "Reconciles that ended in an exception, by controller; JOSDK retries them.");
    reconciles.forEach((controller, r) -> out.sample("gastown_reconciliation_errors_total",
        Map.of("controller", controller), r.errors.sum()));
    out.family("gastown_reconciliation_duration_seconds", "histogram", "How long reconciles took, by controller.");
    reconciles.forEach((controller, r) -> r.write(out, controller));
    out.family("gastown_polecats", "gauge",
        "Polecats by phase, from the operator's cache; one not reconciled yet counts as Pending.");
    Map<PolecatPhase, Long> phases = new EnumMap<>(PolecatPhase.class);
    phases.putAll(polecats.get());
    for (PolecatPhase phase : PolecatPhase.values()) {
      out.sample("gastown_polecats", Map.of("phase", phase.name()), phases.getOrDefault(phase, 0L));
    }
    out.family("gastown_merges_total", "counter",
        "Merges a Refinery finished, by outcome (the reason of the Polecat's Merged condition).");
    merges.forEach((outcome, n) -> out.sample("gastown_merges_total", Map.of("outcome", outcome), n.sum()));
    out.family("gastown_events_total", "counter", "Kubernetes Events the operator wrote, by object kind, type and reason.");
    events.entrySet().stream().sorted((a, b) -> compare(a.getKey(), b.getKey())).forEach(e -> out.sample(
        "gastown_events_total", labels("kind", e.getKey().get(0), "type", e.getKey().get(1), "reason", e.getKey().get(2)),
        e.getValue().sum()));
    out.family("gastown_events_dropped_total", "counter",
        "Events never written because the recorder's bounded queue was full (the oldest pending is dropped).");
    out.sample("gastown_events_dropped_total", eventsDropped.getAsLong());
    out.family("gastown_leader", "gauge", "1 on the replica that holds the leader Lease and reconciles, else 0.");
    out.sample("gastown_leader", leadership.leading() ? 1 : 0);
    return out.toString();
  }

  private static int compare(List<String> a, List<String> b) {
    return String.join("\u0000", a).compareTo(String.join("\u0000", b));
  }

  private static Map<String, String> labels(String... namesAndValues) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      labels.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return labels;
  }

  /** One controller's reconciles: count, errors and the duration histogram. */
  private static final class Reconciles {
    final LongAdder count = new LongAdder();
    final LongAdder errors = new LongAdder();
    final DoubleAdder seconds = new DoubleAdder();
    /** Observations per bucket, not cumulative; the last one is +Inf. */
    final AtomicLongArray buckets = new AtomicLongArray(BUCKETS.size() + 1);

    void observe(double duration, boolean failed) {
      int bucket = 0;
      while (bucket < BUCKETS.size() && duration > BUCKETS.get(bucket)) {
        bucket++;
      }
      buckets.incrementAndGet(bucket);
      seconds.add(duration);
      if (failed) {
        errors.increment();
      }
      count.increment();
    }

    void write(PrometheusText out, String controller) {
      long cumulative = 0;
      for (int i = 0; i <= BUCKETS.size(); i++) {
        cumulative += buckets.get(i);
        String le = i < BUCKETS.size() ? PrometheusText.number(BUCKETS.get(i)) : "+Inf";
        out.sample("gastown_reconciliation_duration_seconds_bucket", labels("controller", controller, "le", le), cumulative);
      }
      out.sample("gastown_reconciliation_duration_seconds_sum", Map.of("controller", controller), seconds.sum());
      out.sample("gastown_reconciliation_duration_seconds_count", Map.of("controller", controller), cumulative);
    }
  }
}
