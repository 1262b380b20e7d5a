package io.gastown.operator.common;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Leader election among the operator's replicas: the one holding the Lease {@link #LEASE_NAME}
 * in {@code namespace} reconciles; the others keep their caches warm and take over when the
 * Lease expires.
 *
 * @param namespace namespace of the Lease; empty when leader election is off, so this process
 *     reconciles alone (GASTOWN_LEADER_ELECTION_NAMESPACE, default empty)
 * @param identity this replica's name in the Lease: POD_NAME, else HOSTNAME; empty when neither
 *     is set (the wiring then makes one up)
 * @param leaseDuration how long a Lease that is not renewed stays its holder's
 *     (GASTOWN_LEADER_ELECTION_LEASE_SECONDS, 3 to 300, default 15); the holder renews it within
 *     two thirds of that or exits
 */
public record LeaderElection(String namespace, String identity, Duration leaseDuration) {

  public static final String LEASE_NAME = "gastown-operator";

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /**
   * @throws IllegalArgumentException with a one-line message naming the variable and its value
   */
  public static LeaderElection fromEnvironment(Map<String, String> env) {
    String namespace = env.getOrDefault("GASTOWN_LEADER_ELECTION_NAMESPACE", "").trim();
    if (!namespace.isEmpty() && !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException("GASTOWN_LEADER_ELECTION_NAMESPACE must be a namespace name (lowercase"
          + " letters, digits and '-', at most 63), not \"" + namespace + "\"");
    }
    String identity = Optional.ofNullable(env.get("POD_NAME")).map(String::trim).filter(s -> !s.isEmpty())
        .or(() -> Optional.ofNullable(env.get("HOSTNAME")).map(String::trim).filter(s -> !s.isEmpty()))
        .orElse("");
    Duration lease = Duration.ofSeconds(OperatorConfig.number(env, "GASTOWN_LEADER_ELECTION_LEASE_SECONDS", 15, 3, 300));
    return new LeaderElection(namespace, identity, lease);
  }

  public boolean enabled() {
    return !namespace.isEmpty();
  }

  /** How long the holder may fail to renew before it gives the Lease up: two thirds of it (10 s of 15). */
  public Duration renewDeadline() {
    return leaseDuration.multipliedBy(2).dividedBy(3);
  }

  /** How often a replica tries to take or renew the Lease: 2 s of a 15 s Lease. */
  public Duration retryPeriod() {
    return leaseDuration.multipliedBy(2).dividedBy(15);
  }
}
