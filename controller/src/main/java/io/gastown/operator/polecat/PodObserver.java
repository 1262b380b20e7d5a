package io.gastown.operator.polecat;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.gastown.operator.common.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Reads an agent Pod the way kubelet reports it, as a pure function. */
public final class PodObserver {

  private static final Set<String> IMAGE_PULL_FAILURES =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

  private PodObserver() {}

  public static AgentObservation observe(Polecat polecat, Pod pod) {
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String podPhase = status.getPhase() == null ? "Pending" : status.getPhase();
    Instant start = Timestamps.parse(status.getStartTime());
    Optional<ContainerStatus> gitInit = container(status.getInitContainerStatuses(), PolecatPodBuilder.GIT_INIT);
    Optional<ContainerStatus> claude = container(status.getContainerStatuses(), PolecatPodBuilder.CLAUDE);
    Optional<ContainerStateTerminated> claudeEnd = claude.map(c -> c.getState() == null ? null : c.getState().getTerminated());
    Optional<AgentResult> result = claudeEnd.flatMap(t -> AgentResult.fromTerminationMessage(t.getMessage()));
    Instant end = claudeEnd.map(t -> Timestamps.parse(t.getFinishedAt())).orElse(null);
    PodFailures failures = new PodFailures(polecat, pod);

    Optional<Problem> imagePull = Stream.concat(stream(status.getInitContainerStatuses()), stream(status.getContainerStatuses()))
        .map(c -> c.getState() == null ? null : c.getState().getWaiting())
        .filter(w -> w != null && IMAGE_PULL_FAILURES.contains(w.getReason()))
        .findFirst()
        .map(failures::imagePull);
    if (imagePull.isPresent()) {
      return new AgentObservation(AgentObservation.State.FAILED, start, null, null, imagePull.get());
    }
    Optional<ContainerStateTerminated> cloneEnd = gitInit.map(c -> c.getState() == null ? null : c.getState().getTerminated());
    if (cloneEnd.isPresent() && nonZero(cloneEnd.get())) {
      return new AgentObservation(AgentObservation.State.FAILED, start, Timestamps.parse(cloneEnd.get().getFinishedAt()),
          null, failures.cloneFailed());
    }
    return switch (podPhase) {
      case "Running" -> new AgentObservation(AgentObservation.State.RUNNING, start, null, null, null);
      case "Succeeded" -> result
          .map(r -> new AgentObservation(AgentObservation.State.SUCCEEDED, start, end, r, null))
          .orElseGet(() -> new AgentObservation(AgentObservation.State.FAILED, start, end, null, failures.noResult()));
      case "Failed" -> new AgentObservation(AgentObservation.State.FAILED, start, end, result.orElse(null),
          failures.failed(status, claudeEnd.orElse(null), result.orElse(null)));
      default -> new AgentObservation(AgentObservation.State.PENDING, start, null, null, null);
    };
  }

  private static boolean nonZero(ContainerStateTerminated terminated) {
    return terminated.getExitCode() != null && terminated.getExitCode() != 0;
  }

  private static Stream<ContainerStatus> stream(List<ContainerStatus> statuses) {
    return statuses == null ? Stream.empty() : statuses.stream();
  }

  private static Optional<ContainerStatus> container(List<ContainerStatus> statuses, String name) {
    return stream(statuses).filter(c -> name.equals(c.getName())).findFirst();
  }

  /** Failure messages that say what happened and what to run next. */
  private record PodFailures(Polecat polecat, Pod pod) {

    Problem cloneFailed() {
      KubernetesSpec k8s = polecat.getSpec().getKubernetes();
      return new Problem(PolecatReason.CloneFailed, "git-init could not clone " + k8s.getGitRepository()
          + " at branch " + PolecatPodBuilder.gitBranch(k8s) + ": check the URL, the branch and the SSH key, and run "
          + logs(PolecatPodBuilder.GIT_INIT));
    }

    Problem imagePull(ContainerStateWaiting waiting) {
      String image = polecat.getSpec().getKubernetes().getImage();
      return new Problem(PolecatReason.ImagePullFailed, "the agent image could not be pulled ("
          + waiting.getReason() + (image == null ? "" : ", image " + image) + "); check spec.kubernetes.image and the pull secret");
    }

    Problem noResult() {
      return new Problem(PolecatReason.AgentFailed,
          "the claude container ended without reporting a result; run " + logs(PolecatPodBuilder.CLAUDE));
    }

    Problem failed(PodStatus status, ContainerStateTerminated claude, AgentResult result) {
      if ("DeadlineExceeded".equals(status.getReason())) {
        return new Problem(PolecatReason.DeadlineExceeded, "the agent did not finish within spec.kubernetes.activeDeadlineSeconds ("
            + PolecatPodBuilder.activeDeadlineSeconds(polecat.getSpec().getKubernetes()) + "s) and was stopped");
      }
      if ("Evicted".equals(status.getReason())) {
        return new Problem(PolecatReason.PodEvicted, "the pod was evicted by the node: " + status.getMessage());
      }
      if (claude != null && "OOMKilled".equals(claude.getReason())) {
        return new Problem(PolecatReason.OutOfMemory,
            "the claude container ran out of memory; raise spec.kubernetes.resources.limits.memory");
      }
      String outcome = result == null ? null : result.outcome();
      String summary = result == null || result.summary() == null ? "" : result.summary() + "; ";
      if (AgentResult.AUTH_FAILED.equals(outcome)) {
        return new Problem(PolecatReason.AuthFailed, "Claude authentication failed: " + summary
            + "refresh the credentials secret " + credentialsSecret() + " (see Token Refresh in the user guide)");
      }
      if (AgentResult.PUSH_FAILED.equals(outcome)) {
        return new Problem(PolecatReason.PushFailed, "the work branch could not be pushed: " + summary
            + "run " + logs(PolecatPodBuilder.CLAUDE));
      }
      String exit = claude == null || claude.getExitCode() == null ? "" : " (exit code " + claude.getExitCode() + ")";
      return new Problem(PolecatReason.AgentFailed, "the agent failed" + exit + ": " + summary
          + "run " + logs(PolecatPodBuilder.CLAUDE));
    }

    private String credentialsSecret() {
      KubernetesSpec k8s = polecat.getSpec().getKubernetes();
      return k8s.getClaudeCredsSecretRef() != null ? k8s.getClaudeCredsSecretRef().getName()
          : k8s.getApiKeySecretRef().getName();
    }

    private String logs(String container) {
      return "kubectl logs " + pod.getMetadata().getName() + " -c " + container + " -n " + pod.getMetadata().getNamespace();
    }
  }
}
