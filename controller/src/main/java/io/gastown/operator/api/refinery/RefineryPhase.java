package io.gastown.operator.api.refinery;

/** Idle: nothing queued or merging. Processing: merges queued or running. Error: the spec is unusable. */
public enum RefineryPhase {
  Idle,
  Processing,
  Error
}
