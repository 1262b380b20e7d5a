package io.gastown.operator.api.witness;

/** Reasons of a Witness's conditions and events. Closed. */
public enum WitnessReason {
  Watching,
  RigNotFound,
  InvalidSpec,
  NothingToEscalate,
  /** A Polecat of the rig failed. */
  PolecatFailed,
  /** A Polecat of the rig got stuck: its agent went silent and was stopped. */
  PolecatStuck
}
