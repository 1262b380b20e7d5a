package io.gastown.operator.agent;

import java.time.Instant;

/**
 * Everything the reconciler learns about a running agent, whatever executes it.
 *
 * @param run what executes the agent; null when nothing was started
 * @param failure set when {@code state} is FAILED (why it failed) or BLOCKED (why it cannot start);
 *     on PENDING, what it waits for when that may fail it (an image pull the kubelet keeps retrying)
 */
public record AgentObservation(
    State state, AgentRun run, Instant startTime, Instant completionTime, AgentResult result, Problem failure) {

  public enum State {
    /** Nothing exists for this Polecat yet. */
    NOT_STARTED,
    /** An object with the Polecat's contract name exists but is not the Polecat's. */
    BLOCKED,
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  public static AgentObservation notStarted() {
    return new AgentObservation(State.NOT_STARTED, null, null, null, null, null);
  }

  public static AgentObservation blocked(Problem why) {
    return new AgentObservation(State.BLOCKED, null, null, null, null, why);
  }

  public boolean started() {
    return state != State.NOT_STARTED && state != State.BLOCKED;
  }

  public boolean finished() {
    return state == State.SUCCEEDED || state == State.FAILED;
  }
}
