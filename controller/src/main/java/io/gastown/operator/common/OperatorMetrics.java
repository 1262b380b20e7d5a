package io.gastown.operator.common;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.Controller;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The operator's Prometheus metrics, served as text on {@code /metrics}. JOSDK reports each
 * reconcile here ({@link Metrics#timeControllerExecution}); the Events the recorder wrote are
 * counted from its listener; the Polecats' and Refineries' metrics are their own classes', fed by
 * the shared Polecat watch and by the Refinery reconciler, with no API call.
 */
public final class OperatorMetrics implements Metrics {

  /** Upper bounds, in seconds, of the reconcile duration histogram's buckets. */
  static final List<Double> BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  private final Map<String, Reconciles> reconciles = new ConcurrentSkipListMap<>();
  private final Map<List<String>, LongAdder> events = new ConcurrentSkipListMap<>(PrometheusText.SERIES_ORDER);
  private final PolecatMetrics polecats = new PolecatMetrics();
  private final RefineryMetrics refineries = new RefineryMetrics();
  private volatile LongSupplier eventsDropped = () -> 0;
  private volatile Leadership leadership = Leadership.alone();

  /** What is read when scraped or listened to: the shared Polecat cache, the recorder's queue and the Lease. */
  public void watch(PolecatWatch polecatWatch, EventRecorder recorder, Leadership leader) {
    this.eventsDropped = recorder::dropped;
    this.leadership = leader;
    polecats.watch(polecatWatch::all, leader);
    polecatWatch.listen(polecats::changed);
  }

  /** What the Refinery reconciler reports its merges and its cache to. */
  public RefineryMetrics refineries() {
    return refineries;
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
    reconciles.forEach((controller, r) -> r.duration.write(out, "gastown_reconciliation_duration_seconds",
        Map.of("controller", controller)));
    polecats.write(out);
    refineries.write(out);
    out.family("gastown_events_total", "counter", "Kubernetes Events the operator wrote, by object kind, type and reason.");
    events.forEach((key, n) -> out.sample("gastown_events_total",
        PrometheusText.labels("kind", key.get(0), "type", key.get(1), "reason", key.get(2)), n.sum()));
    out.family("gastown_events_dropped_total", "counter",
        "Events never written because the recorder's bounded queue was full (the oldest pending is dropped).");
    out.sample("gastown_events_dropped_total", eventsDropped.getAsLong());
    out.family("gastown_leader", "gauge", "1 on the replica that holds the leader Lease and reconciles, else 0.");
    out.sample("gastown_leader", leadership.leading() ? 1 : 0);
    return out.toString();
  }

  /** One controller's reconciles: count, errors and the duration histogram. */
  private static final class Reconciles {
    final LongAdder count = new LongAdder();
    final LongAdder errors = new LongAdder();
    final Histogram duration = new Histogram(BUCKETS);

    void observe(double seconds, boolean failed) {
      duration.observe(seconds);
      if (failed) {
        errors.increment();
      }
      count.increment();
    }
  }
}
