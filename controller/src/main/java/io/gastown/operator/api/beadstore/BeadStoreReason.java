package io.gastown.operator.api.beadstore;

/** Reasons of a BeadStore's conditions and events. Closed. */
public enum BeadStoreReason {
  /** The beads were read from the repository. */
  Synced,
  /** The repository has no .beads/issues.jsonl: nothing to count. */
  NoBeadsFile,
  /** A sync run is on its way. */
  Syncing,
  RigNotFound,
  InvalidSpec,
  /** The SSH key secret the sync clones with is missing, or has no ssh-privatekey. */
  SecretNotFound,
  /** The sync run could not clone the repository. */
  CloneFailed,
  /** The sync run failed for another reason (image, node, deadline). */
  SyncFailed
}
