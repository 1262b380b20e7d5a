package io.gastown.operator.agent;

import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatReason;

/**
 * The failure reasons and messages of an agent run, shared by the Pod and the TaskRun observers:
 * each says what happened and what to run next ({@code logs} is the command that shows the log).
 */
public record RunFailures(Polecat polecat) {

  public Problem cloneFailed(String logs) {
    KubernetesSpec k8s = polecat.getSpec().getKubernetes();
    return new Problem(PolecatReason.CloneFailed, "git-clone could not clone " + k8s.getGitRepository()
        + " at branch " + k8s.getGitBranch() + ": check the URL, the branch and the SSH key, and run " + logs);
  }

  public Problem imagePull(String detail) {
    String image = polecat.getSpec().getKubernetes().getImage();
    return new Problem(PolecatReason.ImagePullFailed, "the agent image could not be pulled (" + detail
        + (image == null ? "" : ", image " + image) + "); check spec.kubernetes.image and the pull secret");
  }

  public Problem deadlineExceeded() {
    return new Problem(PolecatReason.DeadlineExceeded, "the agent did not finish within spec.kubernetes.activeDeadlineSeconds ("
        + polecat.getSpec().getKubernetes().getActiveDeadlineSeconds() + "s) and was stopped");
  }

  public Problem evicted(String message) {
    return new Problem(PolecatReason.PodEvicted, "the agent pod was evicted by the node: " + message);
  }

  public Problem outOfMemory() {
    return new Problem(PolecatReason.OutOfMemory,
        "the claude container ran out of memory; raise spec.kubernetes.resources.limits.memory");
  }

  public Problem cancelled() {
    return new Problem(PolecatReason.Terminated, "the run was cancelled");
  }

  public Problem noResult(String logs) {
    return new Problem(PolecatReason.AgentFailed, "the push step ended without reporting a result; run " + logs);
  }

  /** A failed claude step: the outcome it reported says why. */
  public Problem agentFailed(AgentResult result, String exitDetail, String logs) {
    String outcome = result == null ? null : result.outcome();
    String summary = result == null || result.summary() == null ? "" : result.summary() + "; ";
    if (AgentResult.AUTH_FAILED.equals(outcome)) {
      return new Problem(PolecatReason.AuthFailed, "Claude authentication failed: " + summary
          + "refresh the credentials secret " + credentialsSecret() + " (see Token Refresh in the user guide)");
    }
    if (AgentResult.HUNG.equals(outcome)) {
      return new Problem(PolecatReason.AgentHung, summary + "run " + logs + " to see where it stopped");
    }
    if (AgentResult.BEAD_NOT_FOUND.equals(outcome)) {
      return new Problem(PolecatReason.BeadNotFound, summary + "the agent was not started");
    }
    if (AgentResult.PUSH_FAILED.equals(outcome)) {
      return new Problem(PolecatReason.PushFailed, "the work branch could not be pushed: " + summary + "run " + logs);
    }
    if (AgentResult.PUSH_REFUSED.equals(outcome)) {
      return new Problem(PolecatReason.PushRefused, "the push step refused the agent's changes: " + summary
          + "nothing was pushed; run " + logs);
    }
    return new Problem(PolecatReason.AgentFailed, "the agent failed" + exitDetail + ": " + summary + "run " + logs);
  }

  private String credentialsSecret() {
    KubernetesSpec k8s = polecat.getSpec().getKubernetes();
    return k8s.getClaudeCredsSecretRef() != null ? k8s.getClaudeCredsSecretRef().getName()
        : k8s.getApiKeySecretRef().getName();
  }
}
