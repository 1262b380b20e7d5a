package io.gastown.operator.polecat;

import java.time.Instant;

/**
 * Everything the reconciler learns about a running agent, whatever executes it.
 *
 * @param failure set when {@code state} is FAILED: the reason and a message naming what to do
 */
public record AgentObservation(
    State state, Instant startTime, Instant completionTime, AgentResult result, Problem failure) {

  public enum State {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED
  }
}
