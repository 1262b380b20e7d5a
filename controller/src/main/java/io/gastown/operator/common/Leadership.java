package io.gastown.operator.common;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;

/**
 * Whether this replica leads, as the Lease says: what {@code /readyz} and {@code /metrics}
 * report. Without leader election the one process always leads.
 */
public final class Leadership {

  /** This replica's identity in the Lease; null when there is no election. */
  private final String identity;
  private volatile boolean leading;
  private volatile String leader;

  private Leadership(String identity, boolean leading) {
    this.identity = identity;
    this.leading = leading;
  }

  /** No election: this process reconciles alone. */
  public static Leadership alone() {
    return new Leadership(null, true);
  }

  /** An elected replica, standing by until the Lease is its own. */
  public static Leadership elected(String identity) {
    return new Leadership(identity, false);
  }

  /** For the Lease's elector; it exits the process when the Lease is lost, so that is not tracked. */
  public LeaderCallbacks callbacks() {
    return new LeaderCallbacks(() -> leading = true, () -> leading = false, id -> leader = id);
  }

  public boolean leading() {
    return leading;
  }

  public String identity() {
    return identity;
  }

  /** The {@code /readyz} body of a replica that has started. */
  public String readiness() {
    if (identity == null) {
      return "ok";
    }
    if (leading) {
      return "ok: leader " + identity;
    }
    return "ok: standby " + identity + (leader == null ? ", no leader yet" : ", the leader is " + leader);
  }
}
