package io.gastown.operator.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/** One series of a Prometheus histogram: observations per bucket, their sum and count. */
final class Histogram {

  /** Upper bounds of the buckets, in seconds, ascending; +Inf comes after them. */
  private final List<Double> bounds;
  /** Observations per bucket, not cumulative; the last one is +Inf. */
  private final AtomicLongArray buckets;
  private final DoubleAdder sum = new DoubleAdder();

  Histogram(List<Double> bounds) {
    this.bounds = bounds;
    this.buckets = new AtomicLongArray(bounds.size() + 1);
  }

  void observe(double value) {
    int bucket = 0;
    while (bucket < bounds.size() && value > bounds.get(bucket)) {
      bucket++;
    }
    buckets.incrementAndGet(bucket);
    sum.add(value);
  }

  /** The {@code _bucket}, {@code _sum} and {@code _count} samples of {@code name} with {@code labels}. */
  void write(PrometheusText out, String name, Map<String, String> labels) {
    long cumulative = 0;
    for (int i = 0; i <= bounds.size(); i++) {
      cumulative += buckets.get(i);
      Map<String, String> withLe = new LinkedHashMap<>(labels);
      withLe.put("le", i < bounds.size() ? PrometheusText.number(bounds.get(i)) : "+Inf");
      out.sample(name + "_bucket", withLe, cumulative);
    }
    out.sample(name + "_sum", labels, sum.sum());
    out.sample(name + "_count", labels, cumulative);
  }
}
