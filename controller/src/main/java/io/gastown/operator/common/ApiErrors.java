package io.gastown.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gastown.operator.api.WithConditions;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.javaoperatorsdk.operator.processing.retry.Retry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A reconcile that failed on an API call (or anything else) shows on its resource: the condition
 * {@code Reconciled=False}, reason {@code ApiError}, with the server's one-line message, and a
 * Warning Event (repeats count up on one Event). The reconcile is retried with a capped backoff
 * for as long as it fails; the next successful status write removes the condition.
 */
public final class ApiErrors {

  public static final String CONDITION = "Reconciled";

  public enum Reason {
    ApiError
  }

  /** 1 s, doubling, at most 5 min apart, never giving up: an API server that comes back is used again. */
  public static Retry retry() {
    return new GenericRetry().setInitialInterval(1000).setIntervalMultiplier(2).setMaxInterval(300_000).withoutMaxAttempts();
  }

  private ApiErrors() {}

  /** One line: what the server answered, or what went wrong. Never a stack trace; a server message holds no secret value. */
  public static String describe(Exception failure) {
    Throwable e = failure;
    while (!(e instanceof KubernetesClientException) && e.getCause() != null && e.getCause() != e) {
      e = e.getCause();
    }
    String message;
    if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
      message = "the API server answered " + k.getCode() + ": " + k.getStatus().getMessage();
    } else if (e instanceof KubernetesClientException k && k.getCode() > 0) {
      message = "the API server answered " + k.getCode() + ": " + firstLine(k.getMessage());
    } else {
      message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
    }
    String line = message.replaceAll("\\s+", " ").trim();
    return line.length() > 1000 ? line.substring(0, 1000) + "..." : line;
  }

  /** The conditions with Reconciled=False for this failure; the others unchanged. */
  public static List<Condition> failing(List<Condition> conditions, Exception failure, Instant now) {
    return Conditions.set(conditions, CONDITION, false, Reason.ApiError.name(),
        describe(failure) + "; retrying (at most 5 minutes apart)", now);
  }

  /** The conditions without Reconciled: the reconcile went through. */
  public static List<Condition> cleared(List<Condition> conditions) {
    if (conditions == null || conditions.stream().noneMatch(c -> CONDITION.equals(c.getType()))) {
      return conditions;
    }
    List<Condition> kept = new ArrayList<>(conditions);
    kept.removeIf(c -> CONDITION.equals(c.getType()));
    return kept;
  }

  /** What a failed reconcile leaves on its resource (patched by JOSDK) and in a Warning Event. */
  public static <S extends WithConditions, P extends CustomResource<?, S>> ErrorStatusUpdateControl<P> report(
      P resource, Exception failure, Supplier<S> emptyStatus, EventRecorder events, Instant now) {
    S status = resource.getStatus() == null ? emptyStatus.get() : resource.getStatus();
    status.setConditions(failing(status.getConditions(), failure, now));
    resource.setStatus(status);
    events.record(resource, EventRecorder.Type.Warning, Reason.ApiError, describe(failure));
    return ErrorStatusUpdateControl.patchStatus(resource);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
