package io.gastown.operator.common;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key names of user secrets, read on demand. Thousands of Polecats usually share a few secrets,
 * so a secret that was found is trusted for a short while; a missing one is never cached, so a
 * secret created later is seen on the next look. Secret values are never kept.
 */
public class SecretKeys {

  private record Entry(Set<String> keys, String version, Instant readAt) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  public SecretKeys(KubernetesClient client, Clock clock, Duration ttl) {
    this.client = client;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The keys of the secret, or empty when it does not exist. */
  public Optional<Set<String>> keys(String namespace, String name) {
    return read(namespace, name).map(Entry::keys);
  }

  /** The secret's resourceVersion, which changes with every change of it; empty when it does not exist. */
  public Optional<String> version(String namespace, String name) {
    return read(namespace, name).map(Entry::version);
  }

  private Optional<Entry> read(String namespace, String name) {
    String id = namespace + "/" + name;
    Instant now = clock.instant();
    Entry cached = cache.get(id);
    if (cached != null && cached.readAt().plus(ttl).isAfter(now)) {
      return Optional.of(cached);
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      cache.remove(id);
      return Optional.empty();
    }
    Set<String> keys = new HashSet<>();
    if (secret.getData() != null) {
      keys.addAll(secret.getData().keySet());
    }
    if (secret.getStringData() != null) {
      keys.addAll(secret.getStringData().keySet());
    }
    Entry entry = new Entry(Set.copyOf(keys), secret.getMetadata().getResourceVersion(), now);
    cache.put(id, entry);
    return Optional.of(entry);
  }
}
