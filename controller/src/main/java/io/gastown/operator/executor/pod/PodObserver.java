package io.gastown.operator.executor.pod;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.gastown.operator.agent.AgentObservation;
import io.gastown.operator.agent.AgentResult;
import io.gastown.operator.agent.AgentRun;
import io.gastown.operator.agent.Problem;
import io.gastown.operator.agent.RunFailures;
import io.gastown.operator.api.polecat.Polecat;
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
    Optional<ContainerStateTerminated> claudeEnd = terminated(status, PolecatPodBuilder.CLAUDE);
    // Every result comes from the push container, which runs after the agent's container ended.
    Optional<ContainerStateTerminated> pushEnd = terminated(status, PolecatPodBuilder.PUSH);
    Optional<AgentResult> result = pushEnd.flatMap(t -> AgentResult.fromTerminationMessage(t.getMessage()));
    Instant end = pushEnd.or(() -> claudeEnd).map(t -> Timestamps.parse(t.getFinishedAt())).orElse(null);
    RunFailures failures = new RunFailures(polecat);
    AgentRun run = AgentRun.pod(pod.getMetadata().getName());

    Optional<Problem> imagePull = Stream.concat(stream(status.getInitContainerStatuses()), stream(status.getContainerStatuses()))
        .map(c -> c.getState() == null ? null : c.getState().getWaiting())
        .filter(w -> w != null && IMAGE_PULL_FAILURES.contains(w.getReason()))
        .findFirst()
        .map(w -> failures.imagePull(w.getReason()));
    if (imagePull.isPresent()) {
      return new AgentObservation(AgentObservation.State.FAILED, run, start, null, null, imagePull.get());
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
