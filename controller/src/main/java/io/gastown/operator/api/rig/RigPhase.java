package io.gastown.operator.api.rig;

/** Initializing until the rig's spec was checked; Ready; Degraded when its spec cannot be used. */
public enum RigPhase {
  Initializing,
  Ready,
  Degraded
}
