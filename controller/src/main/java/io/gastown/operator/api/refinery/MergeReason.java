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
  /** mergeVia pull-request: the tested merge is in a pull request, awaiting the forge's merge (Merged=Unknown). */
  PullRequestOpened,
  /** mergeVia pull-request: the tested merge is on the head branch, but the forge refused the pull request. */
  PullRequestFailed,
  /** mergeVia pull-request: the forge token Secret is missing, or lacks its key; nothing is started. */
  SecretNotFound,
  InvalidSpec,
  /** An older Refinery of the namespace merges the same rig into the same branch: this one stands by. */
  DuplicateRefinery
}
