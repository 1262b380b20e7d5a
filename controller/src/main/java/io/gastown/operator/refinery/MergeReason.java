package io.gastown.operator.refinery;

/** Reasons of a Polecat's Merged condition and of the Refinery's events. Closed. */
public enum MergeReason {
  Merged,
  Conflict,
  TestsFailed,
  PushFailed,
  MergeFailed,
  InvalidSpec
}
