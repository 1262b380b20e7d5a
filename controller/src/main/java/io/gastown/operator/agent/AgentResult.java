package io.gastown.operator.agent;

import io.gastown.operator.steps.StepCommand;
import java.util.Map;
import java.util.Optional;

/**
 * What gastown-claude reported: its results, read from the push container's termination message
 * (Pod mode) or the TaskRun results (Tekton mode). Branch, commit and pushed are the push step's,
 * read from the remote; the other results come from the agent's step, through the push step.
 */
public record AgentResult(
    String branch,
    String commit,
    Boolean pushed,
    String outcome,
    String summary,
    String costUSD,
    Integer numTurns,
    String sessionID) {

  public static final String SUCCEEDED = "succeeded";
  public static final String NO_CHANGES = "no-changes";
  public static final String AGENT_FAILED = "agent-failed";
  public static final String AUTH_FAILED = "auth-failed";
  public static final String PUSH_FAILED = "push-failed";
  public static final String PUSH_REFUSED = "push-refused";
  /** No taskDescription, and the repository has no bead of the Polecat's beadID. */
  public static final String BEAD_NOT_FOUND = "bead-not-found";
  /** The agent's stream stayed silent for the stuck threshold: the step stopped it. */
  public static final String HUNG = "hung";

  private static final int MAX_SUMMARY = 300;

  public static AgentResult fromResults(Map<String, String> results) {
    return new AgentResult(
        blankToNull(results.get("branch")),
        blankToNull(results.get("commit")),
        results.containsKey("pushed") ? Boolean.valueOf("true".equals(results.get("pushed"))) : null,
        blankToNull(results.get("outcome")),
        truncate(blankToNull(results.get("summary"))),
        blankToNull(results.get("cost-usd")),
        integer(results.get("num-turns")),
        blankToNull(results.get("session-id")));
  }

  /** The outcome is the push step's own: the logs to read are the push step's. */
  public boolean isPushFailure() {
    return PUSH_FAILED.equals(outcome) || PUSH_REFUSED.equals(outcome);
  }

  /** Without branch, commit and pushed: for results the push step did not write. */
  public AgentResult withoutPushResults() {
    return new AgentResult(null, null, null, outcome, summary, costUSD, numTurns, sessionID);
  }

  /** Parses a termination message; empty when there is none or it is not the JSON the step writes. */
  public static Optional<AgentResult> fromTerminationMessage(String message) {
    return StepCommand.results(message).map(AgentResult::fromResults);
  }


  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static Integer integer(String value) {
    try {
      return value == null || value.isBlank() ? null : Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String truncate(String summary) {
    return summary == null || summary.length() <= MAX_SUMMARY ? summary : summary.substring(0, MAX_SUMMARY) + "...";
  }
}
