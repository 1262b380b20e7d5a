package io.gastown.operator.beadstore;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.api.beadstore.BeadStore;
import io.gastown.operator.api.beadstore.BeadStorePhase;
import io.gastown.operator.api.beadstore.BeadStoreReason;
import io.gastown.operator.api.beadstore.BeadStoreStatus;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.Timestamps;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A BeadStore's status, as pure functions of the previous one: the counts of the last successful
 * sync stay until the next one replaces them; Ready says whether they are current.
 */
final class BeadStoreStatusMapper {

  static final String READY = "Ready";
  static final String SYNCING = "Syncing";

  private BeadStoreStatusMapper() {}

  /** Its spec cannot be used, or its Rig does not exist: no sync runs. */
  static BeadStoreStatus notSyncing(BeadStore store, BeadStorePhase phase, BeadStoreReason reason, String message, Instant now) {
    BeadStoreStatus status = copy(store);
    status.setPhase(phase);
    status.setSyncPod(null);
    status.setObservedGeneration(store.getMetadata().getGeneration());
    status.setConditions(Conditions.set(Conditions.set(status.getConditions(), READY, false, reason.name(), message, now),
        SYNCING, false, reason.name(), "no sync runs: " + message, now));
    return status;
  }

  static BeadStoreStatus syncing(BeadStore store, String pod, SyncRun run, Instant now) {
    BeadStoreStatus status = copy(store);
    if (status.getPhase() == null || status.getPhase() == BeadStorePhase.Error && status.getLastSyncTime() == null) {
      status.setPhase(BeadStorePhase.Pending);
    }
    status.setSyncPod(pod);
    if (status.getLastSyncTime() == null) {
      status.setConditions(Conditions.set(status.getConditions(), READY, false, BeadStoreReason.Syncing.name(),
          "the first sync runs", now));
    }
    status.setConditions(Conditions.set(status.getConditions(), SYNCING, true, run.reason().name(), run.message(), now));
    return status;
  }

  static BeadStoreStatus synced(BeadStore store, SyncRun run, Long generation, Instant now) {
    BeadStoreStatus status = copy(store);
    boolean noBeads = "no-beads-file".equals(run.result("outcome"));
    status.setPhase(BeadStorePhase.Synced);
    // The operator's clock, not the node's: the next sync is timed from it.
    status.setLastSyncTime(Timestamps.format(now));
    status.setIssueCount(count(run.result("issue-count")));
    status.setReadyCount(count(run.result("ready-count")));
    status.setReadyBeads(beads(run.result("ready-beads")));
    status.setCommit(blankToNull(run.result("commit")));
    status.setSyncPod(null);
    status.setObservedGeneration(generation);
    BeadStoreReason reason = noBeads ? BeadStoreReason.NoBeadsFile : BeadStoreReason.Synced;
    String message = run.message().isBlank() ? "the beads were read" : run.message();
    status.setConditions(Conditions.set(Conditions.set(status.getConditions(), READY, true, reason.name(), message, now),
        SYNCING, false, reason.name(), "the last sync ended at " + status.getLastSyncTime(), now));
    return status;
  }

  static BeadStoreStatus failed(BeadStore store, String pod, SyncRun run, Instant now) {
    BeadStoreStatus status = copy(store);
    status.setPhase(BeadStorePhase.Error);
    status.setSyncPod(pod);
    status.setConditions(Conditions.set(Conditions.set(status.getConditions(), READY, false, run.reason().name(), run.message(), now),
        SYNCING, false, run.reason().name(), "the sync failed; the next one starts after spec.syncInterval", now));
    return status;
  }

  private static BeadStoreStatus copy(BeadStore store) {
    return store.getStatus() == null ? new BeadStoreStatus() : Serialization.clone(store.getStatus());
  }

  private static Integer count(String value) {
    try {
      return value == null ? 0 : Math.max(0, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static List<String> beads(String value) {
    return value == null || value.isBlank() ? List.of()
        : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).limit(BeadSyncPodBuilder.READY_LIMIT).toList();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
