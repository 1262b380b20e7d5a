package io.gastown.operator.common;

import io.fabric8.tekton.v1.PipelineRun;
import io.gastown.operator.api.refinery.Refinery;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The Refineries' part of {@code /metrics}, under the Go operator's names. A merge is counted by
 * the Refinery when it puts the outcome on the Polecat (so on the leader), once per PipelineRun,
 * with how long that run took; the queue length is read from each cached Refinery's last status
 * when scraped.
 */
public final class RefineryMetrics {

  /** The merge step's outcomes; a run that reports another is counted as {@code failed}, as its Polecat's reason says. */
  public static final List<String> OUTCOMES = List.of("merged", "conflict", "tests-failed", "push-failed", "source-moved", "failed",
      "pull-request-opened", "pull-request-updated", "pull-request-failed");

  /** Upper bounds, in seconds, of the merge duration histogram's buckets: 5 s to 1 h. */
  static final List<Double> DURATION_BUCKETS = List.of(5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 1800.0, 3600.0);

  /** How many counted runs are remembered, so a run recorded twice (a reconcile before the cache saw the first) counts once. */
  private static final int REMEMBERED_RUNS = 1000;

  /** By refinery, namespace and rig. */
  private final Map<List<String>, Merges> merges = new ConcurrentSkipListMap<>(PrometheusText.SERIES_ORDER);
  private final Map<String, Boolean> counted = Collections.synchronizedMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_RUNS;
    }
  });
  private volatile Supplier<Stream<Refinery>> cached = Stream::empty;

  /** The Refineries this replica caches: each one's series show (at 0 before its first merge), with its queue length. */
  public void watch(Supplier<Stream<Refinery>> refineries) {
    this.cached = refineries;
  }

  /** {@code refinery} recorded how {@code run} ended: {@code outcome}, the merge step's result. */
  public void merged(Refinery refinery, PipelineRun run, String outcome) {
    String id = run.getMetadata().getUid() != null ? run.getMetadata().getUid()
        : run.getMetadata().getNamespace() + "/" + run.getMetadata().getName();
    if (counted.putIfAbsent(id, Boolean.TRUE) != null) {
      return;
    }
    Merges of = merges.computeIfAbsent(key(refinery), k -> new Merges());
    of.outcomes.get(OUTCOMES.contains(outcome) ? outcome : "failed").increment();
    if (run.getStatus() != null) {
      Timestamps.between(run.getStatus().getStartTime(), run.getStatus().getCompletionTime())
          .ifPresent(took -> of.duration.observe(took.toMillis() / 1000.0));
    }
  }

  void write(PrometheusText out) {
    Map<List<String>, Merges> all = new TreeMap<>(PrometheusText.SERIES_ORDER);
    all.putAll(merges);
    Map<List<String>, Integer> queues = new TreeMap<>(PrometheusText.SERIES_ORDER);
    cached.get().forEach(refinery -> {
      all.putIfAbsent(key(refinery), new Merges());
      Integer length = refinery.getStatus() == null ? null : refinery.getStatus().getQueueLength();
      queues.put(key(refinery), length == null ? 0 : length);
    });
    out.family("gastown_refinery_merge_total", "counter",
        "Merges a Refinery finished (outcome on the Polecat), by refinery, namespace, rig and outcome.");
    all.forEach((key, m) -> m.outcomes.forEach((outcome, n) -> out.sample("gastown_refinery_merge_total",
        labels(key, "outcome", outcome), n.sum())));
    out.family("gastown_refinery_conflicts_total", "counter", "Merges that ended in a conflict, by refinery, namespace and rig.");
    all.forEach((key, m) -> out.sample("gastown_refinery_conflicts_total", labels(key), m.outcomes.get("conflict").sum()));
    out.family("gastown_refinery_merge_duration_seconds", "histogram",
        "How long merge PipelineRuns took, from their startTime to their completionTime.");
    all.forEach((key, m) -> m.duration.write(out, "gastown_refinery_merge_duration_seconds", labels(key)));
    out.family("gastown_refinery_queue_length", "gauge",
        "Finished Polecats waiting for their merge to start, from each Refinery's status.queueLength.");
    queues.forEach((key, length) -> out.sample("gastown_refinery_queue_length", labels(key), length));
  }

  private static List<String> key(Refinery refinery) {
    String rig = refinery.getSpec() == null || refinery.getSpec().getRigRef() == null ? "" : refinery.getSpec().getRigRef();
    return List.of(refinery.getMetadata().getName(), refinery.getMetadata().getNamespace(), rig);
  }

  private static Map<String, String> labels(List<String> key, String... more) {
    Map<String, String> labels = PrometheusText.labels("refinery", key.get(0), "namespace", key.get(1), "rig", key.get(2));
    labels.putAll(PrometheusText.labels(more));
    return labels;
  }

  /** One Refinery's merges: a count per outcome and the duration histogram. */
  private static final class Merges {
    final Map<String, LongAdder> outcomes = new LinkedHashMap<>();
    final Histogram duration = new Histogram(DURATION_BUCKETS);

    Merges() {
      OUTCOMES.forEach(outcome -> outcomes.put(outcome, new LongAdder()));
    }
  }
}
