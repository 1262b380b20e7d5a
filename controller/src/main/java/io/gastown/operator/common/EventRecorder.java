package io.gastown.operator.common;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events for the transitions the status mappers report. One create per event
 * (no read-before-write); names are deterministic per object and reason, so a repeated reconcile
 * cannot fill the namespace with copies. Messages never carry secret values. The listener sees
 * each event the API server accepted.
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
  private final ThreadPoolExecutor writer = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(10_000), EventRecorder::daemon, new ThreadPoolExecutor.DiscardOldestPolicy());

  public EventRecorder(KubernetesClient client, Clock clock, Consumer<Event> listener) {
    this.client = client;
    this.clock = clock;
    this.listener = listener;
    writer.allowCoreThreadTimeOut(true);
  }

  public void record(HasMetadata involved, Type type, Enum<?> reason, String message) {
    var meta = involved.getMetadata();
    String now = Timestamps.format(clock.instant());
    Event event = new EventBuilder()
        .withNewMetadata()
          .withName(eventName(involved, reason))
          // Kubernetes records the events of cluster-scoped objects (a Rig) in "default".
          .withNamespace(meta.getNamespace() == null ? "default" : meta.getNamespace())
          .withLabels(java.util.Map.of(Labels.MANAGED_BY, Labels.OPERATOR))
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
      // 409: this transition was already recorded (a reconcile that saw a stale status); 403: the
      // operator may not write events here.
      if (e.getCode() != 409 && e.getCode() != 403) {
        log.warn("could not record event {} for {}: {}", event.getReason(), event.getInvolvedObject().getName(),
            e.getMessage());
      }
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "gastown-events");
    thread.setDaemon(true);
    return thread;
  }

  /** An object name is at most 253 characters; the Event's adds a suffix to it, so a long one is cut. */
  private static final int MAX_NAME = 253;

  private static String eventName(HasMetadata involved, Enum<?> reason) {
    var meta = involved.getMetadata();
    String uid = meta.getUid() == null ? "0" : meta.getUid().replace("-", "");
    String suffix = "." + uid.substring(0, Math.min(8, uid.length())) + "." + reason.name().toLowerCase(Locale.ROOT);
    String name = meta.getName();
    if (name.length() + suffix.length() > MAX_NAME) {
      // A cut name must still end with a letter or digit to stay a valid DNS subdomain.
      name = name.substring(0, MAX_NAME - suffix.length()).replaceAll("[^a-z0-9]+$", "");
    }
    return name + suffix;
  }
}
