package io.gastown.operator.common;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which service accounts a namespace lets agents run as. A Polecat may name a service account only
 * when it carries the annotation {@value #ANNOTATION}{@code : "true"}: otherwise creating a Polecat
 * would lend its author every service account of the namespace (its image pull secrets, an SCC).
 * Read on demand and trusted for a short while, like secrets' key names.
 */
public class AgentServiceAccounts {

  public static final String ANNOTATION = "gastown.gastown.io/agents";

  /** What the namespace says of a service account. */
  public enum Verdict { ALLOWED, NOT_ANNOTATED, NOT_FOUND }

  private record Entry(Verdict verdict, Instant readAt) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  public AgentServiceAccounts(KubernetesClient client, Clock clock, Duration ttl) {
    this.client = client;
    this.clock = clock;
    this.ttl = ttl;
  }

  public Verdict verdict(String namespace, String name) {
    String id = namespace + "/" + name;
    Instant now = clock.instant();
    Entry cached = cache.get(id);
    if (cached != null && cached.verdict() == Verdict.ALLOWED && cached.readAt().plus(ttl).isAfter(now)) {
      return cached.verdict();
    }
    ServiceAccount account = client.serviceAccounts().inNamespace(namespace).withName(name).get();
    Verdict verdict = account == null ? Verdict.NOT_FOUND
        : "true".equals(Optional.ofNullable(account.getMetadata().getAnnotations()).map(a -> a.get(ANNOTATION)).orElse(null))
            ? Verdict.ALLOWED : Verdict.NOT_ANNOTATED;
    cache.put(id, new Entry(verdict, now));
    return verdict;
  }
}
