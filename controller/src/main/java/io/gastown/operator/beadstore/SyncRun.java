package io.gastown.operator.beadstore;

import io.gastown.operator.api.beadstore.BeadStoreReason;
import java.time.Instant;
import java.util.Map;

/** What a sync Pod says: still running, or ended with its results or with why it failed. */
record SyncRun(State state, BeadStoreReason reason, String message, Map<String, String> results, Instant finishedAt) {

  enum State {
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  static SyncRun running(String message) {
    return new SyncRun(State.RUNNING, BeadStoreReason.Syncing, message, Map.of(), null);
  }

  static SyncRun failed(BeadStoreReason reason, String message, Instant finishedAt) {
    return new SyncRun(State.FAILED, reason, message, Map.of(), finishedAt);
  }

  String result(String name) {
    return results.get(name);
  }
}
