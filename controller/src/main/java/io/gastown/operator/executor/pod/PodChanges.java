package io.gastown.operator.executor.pod;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which pod updates are worth a reconcile: phase, container state kinds and waiting reasons, and
 * deletion. Readiness flips, IP assignment and other status noise are ignored.
 */
final class PodChanges {

  private PodChanges() {}

  static boolean matter(Pod newPod, Pod oldPod) {
    return !signature(newPod).equals(signature(oldPod));
  }

  static String signature(Pod pod) {
    var status = pod.getStatus();
    if (status == null) {
      return String.valueOf(pod.getMetadata().getDeletionTimestamp());
    }
    return status.getPhase() + "|" + status.getReason() + "|" + pod.getMetadata().getDeletionTimestamp() + "|"
        + states(status.getInitContainerStatuses()) + "|" + states(status.getContainerStatuses());
  }

  private static String states(List<ContainerStatus> statuses) {
    return statuses == null ? "" : statuses.stream()
        .map(c -> c.getName() + "=" + state(c.getState()))
        .collect(Collectors.joining(","));
  }

  private static String state(ContainerState state) {
    if (state == null) {
      return "none";
    }
    if (state.getTerminated() != null) {
      return "terminated:" + state.getTerminated().getExitCode();
    }
    if (state.getWaiting() != null) {
      return "waiting:" + Objects.toString(state.getWaiting().getReason(), "");
    }
    return state.getRunning() != null ? "running" : "none";
  }
}
