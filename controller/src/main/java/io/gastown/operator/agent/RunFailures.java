package io.gastown.operator.agent;

import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatReason;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The failure reasons and messages of an agent run, shared by the Pod and the TaskRun observers:
 * each says what happened and what to run next ({@code logs} is the command that shows the log).
 */
public record RunFailures(Polecat polecat) {

  /** How the claude step's auth-failed summary starts (tekton/tasks/claude.yaml). */
  private static final Pattern AUTH_SUMMARY_HEAD =
      Pattern.compile("^Claude authentication failed( \\(HTTP 401\\))?:?\\s*(refresh the credentials secret\\.?\\s*)?");

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
      return new Problem(PolecatReason.AuthFailed, authFailed(result.summary()) + "; refresh the credentials secret "
          + credentialsSecret() + " (see Token Refresh in the user guide)");
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

  /**
   * "Claude authentication failed (HTTP 401): <what the API said>" from the step's summary, which
   * starts with the same words and its own advice to refresh the secret: each said once.
   */
  private static String authFailed(String summary) {
    String detail = summary == null ? "" : summary.trim();
    String status = "";
    Matcher head = AUTH_SUMMARY_HEAD.matcher(detail);
    if (head.lookingAt()) {
      status = head.group(1) == null ? "" : head.group(1);
      detail = detail.substring(head.end());
    }
    if (detail.endsWith(".") && !detail.endsWith("...")) {
      detail = detail.substring(0, detail.length() - 1);
    }
    return "Claude authentication failed" + status + (detail.isBlank() ? "" : ": " + detail.trim());
  }

  private String credentialsSecret() {
    KubernetesSpec k8s = polecat.getSpec().getKubernetes();
    return k8s.getClaudeCredsSecretRef() != null ? k8s.getClaudeCredsSecretRef().getName()
        : k8s.getApiKeySecretRef().getName();
  }
}
