package io.gastown.operator.common;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events for the transitions the status mappers report. One create per event
 * (no read-before-write); names are deterministic per object, reason and message
 * ({@code <object>.<uid8>.<reason>.<hash8>}), so a repeated reconcile cannot fill the namespace with
 * copies. When that name exists (409), the same transition happened again: the existing Event's
 * {@code count} and {@code lastTimestamp} go up, as the kubelet's own recorder does, unless it was
 * recorded for the same resourceVersion of the object (a reconcile that saw a stale copy). Messages
 * never carry secret values. The listener sees each event the API server accepted.
 */
public class EventRecorder {

  public enum Type {
    Normal,
    Warning
  }

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final Consumer<Event> listener;
  /**
   * Events are written off the reconcile path, so status writes never wait for them. The queue is
   * bounded: under extreme pressure the oldest pending event is dropped, never a status.
   */
  private final LongAdder dropped = new LongAdder();
  private final ThreadPoolExecutor writer = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(10_000), EventRecorder::daemon, new ThreadPoolExecutor.DiscardOldestPolicy() {
        @Override
        public void rejectedExecution(Runnable event, ThreadPoolExecutor executor) {
          dropped.increment();
          super.rejectedExecution(event, executor);
        }
      });

  public EventRecorder(KubernetesClient client, Clock clock, Consumer<Event> listener) {
    this.client = client;
    this.clock = clock;
    this.listener = listener;
    writer.allowCoreThreadTimeOut(true);
  }

  /** How many events were dropped, never written, because the queue was full. */
  public long dropped() {
    return dropped.sum();
  }

  public void record(HasMetadata involved, Type type, Enum<?> reason, String message) {
    var meta = involved.getMetadata();
    String now = Timestamps.format(clock.instant());
    Event event = new EventBuilder()
        .withNewMetadata()
          .withName(eventName(involved, reason, message))
          // Kubernetes records the events of cluster-scoped objects (a Rig) in "default".
          .withNamespace(meta.getNamespace() == null ? "default" : meta.getNamespace())
          .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR))
        .endMetadata()
        .withNewInvolvedObject()
          .withApiVersion(involved.getApiVersion())
          .withKind(involved.getKind())
          .withName(meta.getName())
          .withNamespace(meta.getNamespace())
          .withUid(meta.getUid())
          .withResourceVersion(meta.getResourceVersion())
        .endInvolvedObject()
        .withType(type.name())
        .withReason(reason.name())
        .withMessage(message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource("gastown-operator", null)
        .build();
    writer.execute(() -> create(event));
  }

  private void create(Event event) {
    try {
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
      listener.accept(event);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        repeat(event);
      } else if (e.getCode() != 403) {
        // 403: the operator may not write events here.
        warn(event, e);
      }
    } catch (IllegalStateException e) {
      // The client was closed (the operator stops) while the event waited in the queue.
      log.debug("dropped event {} for {}: {}", event.getReason(), event.getInvolvedObject().getName(), e.getMessage());
    }
  }

  /** The Event exists: count this occurrence on it, unless it is the same one seen twice. */
  private void repeat(Event event) {
    var events = client.v1().events().inNamespace(event.getMetadata().getNamespace());
    for (int tries = 0; tries < 3; tries++) {
      Event existing = events.withName(event.getMetadata().getName()).get();
      if (existing == null) {
        // Deleted meanwhile (events expire): write it anew, once.
        try {
          listener.accept(events.resource(event).create());
        } catch (KubernetesClientException e) {
          warn(event, e);
        }
        return;
      }
      if (!sameOccurrence(existing, event)) {
        return;
      }
      existing.setCount((existing.getCount() == null ? 1 : existing.getCount()) + 1);
      existing.setLastTimestamp(event.getLastTimestamp());
      existing.setInvolvedObject(event.getInvolvedObject());
      try {
        // The resourceVersion read above makes this a compare-and-swap: a concurrent repeat reads again.
        Event updated = events.resource(existing).update();
        listener.accept(updated);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          warn(event, e);
          return;
        }
      }
    }
  }

  /**
   * Same reason and message (a hash collision of the name otherwise) and a newer copy of the object:
   * a reconcile that saw a stale status computes the same transition from the same resourceVersion.
   */
  private static boolean sameOccurrence(Event existing, Event event) {
    boolean same = Objects.equals(existing.getReason(), event.getReason())
        && Objects.equals(existing.getMessage(), event.getMessage());
    String seen = existing.getInvolvedObject() == null ? null : existing.getInvolvedObject().getResourceVersion();
    String now = event.getInvolvedObject().getResourceVersion();
    return same && (now == null || !now.equals(seen));
  }

  private static void warn(Event event, KubernetesClientException e) {
    log.warn("could not record event {} for {}: {}", event.getReason(), event.getInvolvedObject().getName(),
        e.getMessage());
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "gastown-events");
    thread.setDaemon(true);
    return thread;
  }

  /** An object name is at most 253 characters; the Event's adds a suffix to it, so a long one is cut. */
  private static final int MAX_NAME = 253;

  private static String eventName(HasMetadata involved, Enum<?> reason, String message) {
    var meta = involved.getMetadata();
    String uid = meta.getUid() == null ? "0" : meta.getUid().replace("-", "");
    String suffix = "." + uid.substring(0, Math.min(8, uid.length())) + "." + reason.name().toLowerCase(Locale.ROOT)
        + "." + hash(message);
    String name = meta.getName();
    if (name.length() + suffix.length() > MAX_NAME) {
      // A cut name must still end with a letter or digit to stay a valid DNS subdomain.
      name = name.substring(0, MAX_NAME - suffix.length()).replaceAll("[^a-z0-9]+$", "");
    }
    return name + suffix;
  }

  /** Eight hex digits of the message's SHA-256: distinct messages get distinct Events. */
  private static String hash(String message) {
    return Names.sha256Hex(String.valueOf(message), 4);
  }
}
