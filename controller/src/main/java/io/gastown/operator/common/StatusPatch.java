package io.gastown.operator.common;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;

/**
 * Replaces a whole status. A JSON patch computed against a cached copy (what a status update
 * control sends) adds list entries by index, so a copy one write behind the server duplicates
 * them; a merge patch keeps map keys it does not name. The status has one writer, so it is
 * written whole: against the cached resource version, and once more against the server's when
 * the cache was behind.
 */
public final class StatusPatch {

  private StatusPatch() {}

  /**
   * Writes {@code status} whole from a reconcile of {@code resource}; the written resource also
   * goes to the controller's cache, so the next reconcile sees this status even before the watch
   * brings it.
   */
  public static <S, R extends CustomResource<?, S>> R write(Context<R> context, R resource, S status) {
    return PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(resource, context, latest -> {
      latest.getMetadata().setManagedFields(null);
      latest.setStatus(status);
      return latest;
    });
  }

  /**
   * Replaces the status only if the resource is still at the version it was read at: for a status
   * with two writers (a Polecat's: its reconciler, and the Refinery's Merged condition), where a
   * write computed from an older copy must not win. Empty when a newer version exists; its watch
   * event reconciles again. The written resource goes to the controller's cache.
   */
  public static <S, R extends CustomResource<?, S>> Optional<R> writeIfCurrent(Context<R> context, R resource, S status) {
    R copy = Serialization.clone(resource);
    copy.getMetadata().setManagedFields(null);
    copy.setStatus(status);
    try {
      R written = context.getClient().resource(copy).updateStatus();
      context.eventSourceRetriever().getControllerEventSource()
          .handleRecentResourceUpdate(ResourceID.fromResource(written), written, resource);
      return Optional.of(written);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
