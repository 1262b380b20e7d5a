package io.gastown.operator.api.refinery;

/** Reasons of a Polecat's Merged condition and of the Refinery's events. Closed. */
public enum MergeReason {
  Merged,
  Conflict,
  TestsFailed,
  PushFailed,
  /** The Polecat's branch on origin is not at the commit the Polecat reported: not merged. */
  SourceMoved,
  MergeFailed,
  InvalidSpec,
  /** An older Refinery of the namespace merges the same rig into the same branch: this one stands by. */
  DuplicateRefinery
}
