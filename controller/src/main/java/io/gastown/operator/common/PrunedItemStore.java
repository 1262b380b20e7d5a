package io.gastown.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.function.Consumer;

/**
 * An informer store that drops what the operator never reads from its cached copies (managed
 * fields, and whatever the given pruner removes, such as a pod's spec with its step scripts), so
 * the cache of thousands of agent pods stays small.
 */
public class PrunedItemStore<T extends HasMetadata> extends BasicItemStore<T> {

  private final Consumer<T> pruner;

  public PrunedItemStore(Consumer<T> pruner) {
    super(Cache::metaNamespaceKeyFunc);
    this.pruner = pruner;
  }

  @Override
  public T put(String key, T item) {
    item.getMetadata().setManagedFields(null);
    pruner.accept(item);
    return super.put(key, item);
  }
}
