package io.gastown.operator.agent;

import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatReason;
import java.time.Duration;
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

  /**
   * Tekton could not fetch the Task of a TaskRun (TaskRunResolutionFailed): the copy installed with
   * the operator, through the cluster resolver, or a taskRef override. The step never ran.
   */
  public Problem taskNotResolved(PolecatReason reason, String taskRun, String message) {
    String said = message == null || message.isBlank() ? "" : ": " + oneLine(message);
    return new Problem(reason, "Tekton could not resolve the Task of TaskRun " + taskRun + " (TaskRunResolutionFailed" + said
        + "); the operator's runs reference the Tasks installed in GASTOWN_TEKTON_TASKS_NAMESPACE through the cluster"
        + " resolver: install them there (config/install.yaml), allow the resolver that namespace, or set the variable"
        + " empty to embed the Tasks");
  }

  /**
   * The image can never be pulled: a final kubelet reason (InvalidImageName, ErrImageNeverPull),
   * Tekton's TaskRunImagePullFailed, or pull errors for longer than {@code after} (null: at once).
   */
  public Problem imagePullFailed(String reason, String message, Duration after) {
    return new Problem(PolecatReason.ImagePullFailed, "the agent image could not be pulled"
        + (after == null ? "" : " for " + after.toSeconds() + "s") + " (" + pullDetail(reason, message)
        + "); check spec.kubernetes.image and the pull secret");
  }

  /**
   * The kubelet keeps trying to pull the image: the Polecat waits, up to {@code timeout} (null: as
   * long as Tekton's default-imagepullbackoff-timeout lets the TaskRun wait).
   */
  public Problem imagePullBackOff(String reason, String message, Duration timeout) {
    String until = timeout == null ? "Tekton fails the TaskRun once its default-imagepullbackoff-timeout passes"
        : "the Polecat fails if it still cannot after " + timeout.toSeconds() + "s";
    return new Problem(PolecatReason.ImagePullBackOff, "the agent image cannot be pulled yet (" + pullDetail(reason, message)
        + "); the kubelet keeps trying, and " + until + ": check spec.kubernetes.image and the pull secret");
  }

  private String pullDetail(String reason, String message) {
    String image = polecat.getSpec().getKubernetes().getImage();
    String said = message == null || message.isBlank() ? "" : ": " + oneLine(message);
    return reason + said + (image == null || said.contains(image) ? "" : ", image " + image);
  }

  /** A kubelet or Tekton message on one line, at most 300 characters. */
  private static String oneLine(String message) {
    String line = message.replaceAll("\\s+", " ").trim();
    return line.length() <= 300 ? line : line.substring(0, 300) + "...";
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
