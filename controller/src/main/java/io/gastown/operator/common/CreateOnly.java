package io.gastown.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Consumer;

/**
 * Creates objects with contract names, never updating them: when one of that name exists already
 * (created before a restart, or by an earlier reconcile whose event has not arrived yet), that one
 * is returned. The caller checks whether it is its own.
 */
public final class CreateOnly {

  private CreateOnly() {}

  public static <T extends HasMetadata> T createOrGet(KubernetesClient client, T desired) {
    return createOrGet(client, desired, created -> {});
  }

  /** As {@link #createOrGet(KubernetesClient, HasMetadata)}; {@code onCreated} sees the object when this call created it. */
  public static <T extends HasMetadata> T createOrGet(KubernetesClient client, T desired, Consumer<T> onCreated) {
    try {
      T created = client.resource(desired).create();
      onCreated.accept(created);
      return created;
    } catch (KubernetesClientException e) {
      T existing = e.getCode() == 409 ? client.resource(desired).get() : null;
      if (existing == null) {
        throw e;
      }
      return existing;
    }
  }
}
