package io.gastown.operator.polecat;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gastown.operator.Fixtures;
import io.gastown.operator.common.Timestamps;
import java.time.Instant;

/**
 * Plays the kubelet for agent pods: writes their status the way a node would. The results are in
 * the push container's termination message; the claude container ends first.
 */
public final class FakeKubelet {

  static final String START = "2026-01-20T00:10:40Z";
  static final String END = "2026-01-20T00:13:19Z";

  private final KubernetesClient client;

  public FakeKubelet(KubernetesClient client) {
    this.client = client;
  }

  public void running(String pod) {
    write(pod, new PodStatusBuilder()
        .withPhase("Running")
        .withStartTime(START)
        .withInitContainerStatuses(terminated("git-init", 0, "Completed", null))
        .withContainerStatuses(runningContainer("claude"), runningContainer("push"), runningContainer("credential-proxy"))
        .build());
  }

  void succeeded(String pod, String terminationMessage) {
    succeeded(pod, terminationMessage, END);
  }

  public void succeeded(String pod, String terminationMessage, String finishedAt) {
    write(pod, finished("Succeeded", terminated("claude", 0, "Completed", null, finishedAt),
        terminated("push", 0, "Completed", terminationMessage, finishedAt)));
  }

  /** The push step ended with {@code exitCode} and reported {@code terminationMessage}. */
  public void runFailed(String pod, int exitCode, String terminationMessage) {
    write(pod, finished("Failed", terminated("claude", 0, "Completed", null),
        terminated("push", exitCode, "Error", terminationMessage)));
  }

  /** A pod of one container (the forge step's): it ended with {@code exitCode}, its runner wrote {@code terminationMessage}. */
  public void onlyContainerEnded(String pod, String container, int exitCode, String terminationMessage) {
    write(pod, new PodStatusBuilder()
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withStartTime(START)
        .withContainerStatuses(terminated(container, exitCode, exitCode == 0 ? "Completed" : "Error", terminationMessage))
        .build());
  }

  /** The agent's container was killed (e.g. OOMKilled): the push container still waits for its end. */
  void agentKilled(String pod, int exitCode, String reason) {
    write(pod, new PodStatusBuilder()
        .withPhase("Running")
        .withStartTime(START)
        .withInitContainerStatuses(terminated("git-init", 0, "Completed", null))
        .withContainerStatuses(terminated("claude", exitCode, reason, null), runningContainer("push"), runningContainer("credential-proxy"))
        .build());
  }

  void cloneFailed(String pod) {
    write(pod, new PodStatusBuilder()
        .withPhase("Failed")
        .withStartTime(START)
        .withInitContainerStatuses(terminated("git-init", 128, "Error", "{}"))
        .build());
  }

  void podFailed(String pod, String podReason) {
    write(pod, new PodStatusBuilder()
        .withPhase("Failed").withReason(podReason).withMessage("The node was low on resource: memory.")
        .withStartTime(START)
        .build());
  }

  /**
   * The kubelet cannot pull the image of git-init: {@code reason} ErrImagePull or ImagePullBackOff
   * (it alternates between them while it retries), the pod's sandbox ready since {@code since}.
   */
  void imagePullError(String pod, String reason, Instant since) {
    String message = "ErrImagePull".equals(reason)
        ? "rpc error: code = NotFound desc = failed to pull and unpack image \"ghcr.io/gastown-operator/agent:0.1.0\": not found"
        : "Back-off pulling image \"ghcr.io/gastown-operator/agent:0.1.0\"";
    waiting(pod, reason, message, since);
  }

  /** An image reference the kubelet can never pull. */
  void invalidImageName(String pod) {
    waiting(pod, "InvalidImageName", "Failed to apply default image tag \"agent::0.1.0\": invalid reference format", Instant.now());
  }

  private void waiting(String pod, String reason, String message, Instant since) {
    String at = Timestamps.format(since);
    write(pod, new PodStatusBuilder()
        .withPhase("Pending")
        .withConditions(condition("PodScheduled", "True", at), condition("PodReadyToStartContainers", "True", at),
            condition("Initialized", "False", at))
        .withInitContainerStatuses(new ContainerStatusBuilder().withName("git-init")
            .withState(new ContainerStateBuilder().withNewWaiting()
                .withReason(reason).withMessage(message).endWaiting().build())
            .build())
        .build());
  }

  private static PodCondition condition(String type, String status, String at) {
    return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(at).build();
  }

  private PodStatus finished(String phase, ContainerStatus claude, ContainerStatus push) {
    return new PodStatusBuilder()
        .withPhase(phase)
        .withStartTime(START)
        .withInitContainerStatuses(terminated("git-init", 0, "Completed", null))
        .withContainerStatuses(claude, push, terminated("credential-proxy", 0, "Completed", null))
        .build();
  }

  private static ContainerStatus runningContainer(String name) {
    return new ContainerStatusBuilder().withName(name)
        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(START).endRunning().build()).build();
  }

  private static ContainerStatus terminated(String name, int exitCode, String reason, String message) {
    return terminated(name, exitCode, reason, message, END);
  }

  private static ContainerStatus terminated(String name, int exitCode, String reason, String message, String finishedAt) {
    return new ContainerStatusBuilder().withName(name)
        .withState(new ContainerStateBuilder().withNewTerminated()
            .withExitCode(exitCode).withReason(reason).withMessage(message)
            .withStartedAt(START).withFinishedAt(finishedAt).endTerminated().build())
        .build();
  }

  private void write(String pod, PodStatus status) {
    client.pods().inNamespace(Fixtures.NAMESPACE).withName(pod).editStatus(p -> {
      p.setStatus(status);
      return p;
    });
  }

  static String result(String outcome, String summary) {
    return result("feature/issue-123", outcome, summary);
  }

  public static String result(String branch, String outcome, String summary) {
    return "{\"branch\":\"" + branch + "\",\"commit\":\"3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d\","
        + "\"pushed\":\"" + ("succeeded".equals(outcome)) + "\",\"outcome\":\"" + outcome + "\","
        + "\"summary\":\"" + summary + "\",\"cost-usd\":\"0.4213\",\"num-turns\":\"12\","
        + "\"session-id\":\"0b5c0a8e-6f7d-4c3e-9a1b-2c3d4e5f6a7b\"}";
  }

}
