package io.gastown.operator.executor.pod;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.gastown.operator.agent.AgentObservation;
import io.gastown.operator.agent.AgentResult;
import io.gastown.operator.agent.AgentRun;
import io.gastown.operator.agent.Problem;
import io.gastown.operator.agent.RunFailures;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.common.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Reads an agent Pod the way kubelet reports it, as a pure function. */
public final class PodObserver {

  /** Pull errors the kubelet keeps retrying: final only after the operator's image pull timeout. */
  public static final Set<String> IMAGE_PULL_RETRIED = Set.of("ErrImagePull", "ImagePullBackOff");
  /** Pull errors no retry can fix. */
  public static final Set<String> IMAGE_PULL_FINAL = Set.of("InvalidImageName", "ErrImageNeverPull");
  /** Pod conditions that turn True when the kubelet starts pulling images (for the init containers, then the others). */
  private static final Set<String> PULL_STARTS = Set.of("PodScheduled", "PodReadyToStartContainers", "Initialized");

  private PodObserver() {}

  /**
   * @param now the operator's clock
   * @param imagePullTimeout how long pull errors may last before they fail the Polecat
   */
  public static AgentObservation observe(Polecat polecat, Pod pod, Instant now, Duration imagePullTimeout) {
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String podPhase = status.getPhase() == null ? "Pending" : status.getPhase();
    Instant start = Timestamps.parse(status.getStartTime());
    Optional<ContainerStatus> gitInit = container(status.getInitContainerStatuses(), PolecatPodBuilder.GIT_INIT);
    Optional<ContainerStateTerminated> claudeEnd = terminated(status, PolecatPodBuilder.CLAUDE);
    // Every result comes from the push container, which runs after the agent's container ended.
    Optional<ContainerStateTerminated> pushEnd = terminated(status, PolecatPodBuilder.PUSH);
    Optional<AgentResult> result = pushEnd.flatMap(t -> AgentResult.fromTerminationMessage(t.getMessage()));
    Instant end = pushEnd.or(() -> claudeEnd).map(t -> Timestamps.parse(t.getFinishedAt())).orElse(null);
    RunFailures failures = new RunFailures(polecat);
    AgentRun run = AgentRun.pod(pod.getMetadata().getName());

    Optional<ContainerStateWaiting> pull = Stream.concat(stream(status.getInitContainerStatuses()), stream(status.getContainerStatuses()))
        .map(c -> c.getState() == null ? null : c.getState().getWaiting())
        .filter(w -> w != null && (IMAGE_PULL_FINAL.contains(w.getReason()) || IMAGE_PULL_RETRIED.contains(w.getReason())))
        .findFirst();
    if (pull.isPresent()) {
      ContainerStateWaiting w = pull.get();
      if (IMAGE_PULL_FINAL.contains(w.getReason())) {
        return new AgentObservation(AgentObservation.State.FAILED, run, start, null, null,
            failures.imagePullFailed(w.getReason(), w.getMessage(), null));
      }
      Instant since = pullingSince(pod);
      if (since != null && !now.isBefore(since.plus(imagePullTimeout))) {
        return new AgentObservation(AgentObservation.State.FAILED, run, start, null, null,
            failures.imagePullFailed(w.getReason(), w.getMessage(), imagePullTimeout));
      }
      return new AgentObservation(AgentObservation.State.PENDING, run, start, null, null,
          failures.imagePullBackOff(w.getReason(), w.getMessage(), imagePullTimeout));
    }
    Optional<ContainerStateTerminated> cloneEnd = gitInit.map(c -> c.getState() == null ? null : c.getState().getTerminated());
    if (cloneEnd.isPresent() && nonZero(cloneEnd.get())) {
      return new AgentObservation(AgentObservation.State.FAILED, run, start, Timestamps.parse(cloneEnd.get().getFinishedAt()),
          null, failures.cloneFailed(logs(pod, PolecatPodBuilder.GIT_INIT)));
    }
    if (claudeEnd.isPresent() && nonZero(claudeEnd.get())) {
      // Killed before it could signal its end (OOM): the push step would wait for the deadline.
      Problem why = "OOMKilled".equals(claudeEnd.get().getReason()) ? failures.outOfMemory()
          : failures.agentFailed(null, " (exit code " + claudeEnd.get().getExitCode() + ")", logs(pod, PolecatPodBuilder.CLAUDE));
      return new AgentObservation(AgentObservation.State.FAILED, run, start, end, null, why);
    }
    return switch (podPhase) {
      case "Running" -> new AgentObservation(AgentObservation.State.RUNNING, run, start, null, null, null);
      case "Succeeded" -> result
          .map(r -> new AgentObservation(AgentObservation.State.SUCCEEDED, run, start, end, r, null))
          .orElseGet(() -> new AgentObservation(AgentObservation.State.FAILED, run, start, end, null,
              failures.noResult(logs(pod, PolecatPodBuilder.PUSH))));
      case "Failed" -> new AgentObservation(AgentObservation.State.FAILED, run, start, end, result.orElse(null),
          failed(failures, pod, status, claudeEnd.orElse(null), pushEnd.orElse(null), result.orElse(null)));
      default -> new AgentObservation(AgentObservation.State.PENDING, run, start, null, null, null);
    };
  }

  /**
   * When the kubelet began pulling the image that keeps failing: the latest of the pod conditions
   * that start a pull (as Tekton measures its image pull back-off timeout), else the pod's creation;
   * null when the pod says neither.
   */
  static Instant pullingSince(Pod pod) {
    List<PodCondition> conditions = pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of()
        : pod.getStatus().getConditions();
    return conditions.stream()
        .filter(c -> PULL_STARTS.contains(c.getType()) && "True".equals(c.getStatus()))
        .map(c -> Timestamps.parse(c.getLastTransitionTime()))
        .filter(Objects::nonNull)
        .max(Instant::compareTo)
        .orElseGet(() -> Timestamps.parse(pod.getMetadata().getCreationTimestamp()));
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

  private static Optional<ContainerStateTerminated> terminated(PodStatus status, String name) {
    return container(status.getContainerStatuses(), name).map(c -> c.getState() == null ? null : c.getState().getTerminated());
  }

  private static String logs(Pod pod, String container) {
    return "kubectl logs " + pod.getMetadata().getName() + " -c " + container + " -n " + pod.getMetadata().getNamespace();
  }

  private static Problem failed(RunFailures failures, Pod pod, PodStatus status, ContainerStateTerminated claude,
      ContainerStateTerminated push, AgentResult result) {
    if ("DeadlineExceeded".equals(status.getReason())) {
      return failures.deadlineExceeded();
    }
    if ("Evicted".equals(status.getReason())) {
      return failures.evicted(status.getMessage());
    }
    if (claude != null && "OOMKilled".equals(claude.getReason())) {
      return failures.outOfMemory();
    }
    if (result == null) {
      String exit = claude == null || claude.getExitCode() == null ? "" : " (exit code " + claude.getExitCode() + ")";
      return failures.agentFailed(null, exit, logs(pod, PolecatPodBuilder.CLAUDE));
    }
    String container = result.isPushFailure() ? PolecatPodBuilder.PUSH : PolecatPodBuilder.CLAUDE;
    String exit = push == null || push.getExitCode() == null ? "" : " (exit code " + push.getExitCode() + ")";
    return failures.agentFailed(result, exit, logs(pod, container));
  }
}
