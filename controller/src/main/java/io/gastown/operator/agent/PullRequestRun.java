package io.gastown.operator.agent;

import java.util.Map;

/**
 * The forge step's run after a Polecat's agent run (a Pod or a TaskRun), as its executor observed
 * it: the only thing the reconciler sees of it.
 *
 * @param describe "Pod x" or "TaskRun x"; null when nothing was created
 * @param results the step's results (outcome, url, number, comment-url, message), when it wrote them
 * @param failure when FAILED (the step's message, or why the run ended without one) or BLOCKED
 */
public record PullRequestRun(State state, String describe, Map<String, String> results, String failure) {

  public enum State {
    NOT_STARTED,
    /** An object with the run's contract name exists but is not the Polecat's. */
    BLOCKED,
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  public static PullRequestRun notStarted() {
    return new PullRequestRun(State.NOT_STARTED, null, Map.of(), null);
  }

  public static PullRequestRun running(String describe) {
    return new PullRequestRun(State.RUNNING, describe, Map.of(), null);
  }

  public static PullRequestRun blocked(String why) {
    return new PullRequestRun(State.BLOCKED, null, Map.of(), why);
  }

  /** The step's message when it wrote one, else {@code otherwise}. */
  public static PullRequestRun failed(String describe, Map<String, String> results, String otherwise) {
    String message = results.get("message");
    return new PullRequestRun(State.FAILED, describe, results,
        message == null || message.isBlank() ? otherwise : message.strip());
  }

  public boolean finished() {
    return state == State.SUCCEEDED || state == State.FAILED;
  }
}
