package io.gastown.operator.api.beadstore;

public enum BeadStorePhase {
  Pending,
  Synced,
  Error
}
