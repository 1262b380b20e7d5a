package io.gastown.operator.common;

/** Who picks the user and group IDs of the pods the operator creates (agents, merges, bead syncs). */
public enum UserIds {
  /** The pods set runAsUser, runAsGroup and fsGroup 65532: the agent image's user. */
  FIXED,
  /**
   * The pods set none of them and the platform assigns them: OpenShift's restricted-v2 SCC, which
   * rejects any fixed ID outside the namespace's range, picks the user and fsGroup from that range.
   */
  ASSIGNED
}
