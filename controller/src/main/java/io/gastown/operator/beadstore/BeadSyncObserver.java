package io.gastown.operator.beadstore;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.gastown.operator.api.beadstore.BeadStoreReason;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.common.Timestamps;
import io.gastown.operator.executor.pod.PodObserver;
import io.gastown.operator.steps.StepCommand;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads a sync Pod the way kubelet reports it, as a pure function. */
final class BeadSyncObserver {


  private BeadSyncObserver() {}

  static SyncRun observe(Pod pod, KubernetesSpec repository) {
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String name = pod.getMetadata().getName();
    String logs = "kubectl logs -n " + pod.getMetadata().getNamespace() + " " + name + " -c ";
    Instant finished = Stream.concat(stream(status.getInitContainerStatuses()), stream(status.getContainerStatuses()))
        .map(BeadSyncObserver::terminated).filter(Objects::nonNull)
        .map(t -> Timestamps.parse(t.getFinishedAt())).filter(Objects::nonNull)
        .max(Comparator.naturalOrder()).orElse(null);

    Optional<ContainerStateWaiting> pull = Stream.concat(stream(status.getInitContainerStatuses()), stream(status.getContainerStatuses()))
        .map(c -> c.getState() == null ? null : c.getState().getWaiting())
        .filter(w -> w != null && (PodObserver.IMAGE_PULL_FINAL.contains(w.getReason()) || PodObserver.IMAGE_PULL_RETRIED.contains(w.getReason())))
        .findFirst();
    // A pull the kubelet retries ends at the Pod's deadline at worst.
    if (pull.isPresent() && PodObserver.IMAGE_PULL_FINAL.contains(pull.get().getReason())) {
      return SyncRun.failed(BeadStoreReason.SyncFailed, "the image " + repository.getImage() + " cannot be pulled ("
          + pull.get().getReason() + "); set the Rig's polecatDefaults.kubernetes.image", null);
    }
    ContainerStateTerminated clone = container(status.getInitContainerStatuses(), BeadSyncPodBuilder.GIT_INIT);
    if (clone != null && nonZero(clone)) {
      return SyncRun.failed(BeadStoreReason.CloneFailed, "could not clone " + repository.getGitRepository() + " at branch "
          + repository.getGitBranch() + ": check the Rig's gitURL, the branch and the SSH key, and run " + logs
          + BeadSyncPodBuilder.GIT_INIT, finished);
    }
    ContainerStateTerminated sync = container(status.getContainerStatuses(), BeadSyncPodBuilder.SYNC);
    if ("Succeeded".equals(status.getPhase()) && sync != null) {
      Map<String, String> results = StepCommand.results(sync.getMessage()).orElse(Map.of());
      if (results.containsKey("outcome")) {
        return new SyncRun(SyncRun.State.SUCCEEDED, BeadStoreReason.Synced, results.getOrDefault("message", ""), results, finished);
      }
      return SyncRun.failed(BeadStoreReason.SyncFailed, "the sync step reported no result; run " + logs + BeadSyncPodBuilder.SYNC,
          finished);
    }
    if ("Failed".equals(status.getPhase())) {
      if ("DeadlineExceeded".equals(status.getReason())) {
        return SyncRun.failed(BeadStoreReason.SyncFailed, "the sync did not finish within " + BeadSyncPodBuilder.DEADLINE_SECONDS
            + "s and was stopped", finished);
      }
      String exit = sync == null ? "" : " (exit code " + sync.getExitCode() + ")";
      return SyncRun.failed(BeadStoreReason.SyncFailed, "the sync step failed" + exit + "; run " + logs + BeadSyncPodBuilder.SYNC,
          finished);
    }
    return SyncRun.running(pull.map(w -> "pulling the image " + repository.getImage() + ": " + w.getReason())
        .orElse("Pod " + name + " reads the beads of " + repository.getGitRepository()));
  }

  private static ContainerStateTerminated container(List<ContainerStatus> statuses, String name) {
    return stream(statuses).filter(c -> name.equals(c.getName())).map(BeadSyncObserver::terminated).filter(Objects::nonNull)
        .findFirst().orElse(null);
  }

  private static ContainerStateTerminated terminated(ContainerStatus status) {
    return status.getState() == null ? null : status.getState().getTerminated();
  }

  private static boolean nonZero(ContainerStateTerminated terminated) {
    return terminated.getExitCode() != null && terminated.getExitCode() != 0;
  }

  private static Stream<ContainerStatus> stream(List<ContainerStatus> statuses) {
    return statuses == null ? Stream.empty() : statuses.stream();
  }
}
