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

  private record Entry(Set<String> keys, Instant readAt) {}

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
    String id = namespace + "/" + name;
    Instant now = clock.instant();
    Entry cached = cache.get(id);
    if (cached != null && cached.readAt().plus(ttl).isAfter(now)) {
      return Optional.of(cached.keys());
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
    Set<String> frozen = Set.copyOf(keys);
    cache.put(id, new Entry(frozen, now));
    return Optional.of(frozen);
  }
}
