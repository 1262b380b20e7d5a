package io.gastown.operator.api.polecat;

/** The lifecycle of a Polecat, shown in the Phase printer column. */
public enum PolecatPhase {
  Idle(false, "desiredState is Idle: nothing runs"),
  Pending(false, "waiting for its pod or runs to start, or for a missing secret"),
  Working(false, "the agent is running"),
  Done(true, "the agent finished; see status.outcome fields"),
  Failed(true, "the run failed; see the Working condition for why"),
  Stuck(true, "the agent's stream stayed silent for the stuck threshold and it was stopped (outcome hung)"),
  Terminated(true, "stopped on request");

  private final boolean terminal;
  private final String description;

  PolecatPhase(boolean terminal, String description) {
    this.terminal = terminal;
    this.description = description;
  }

  /** A terminal phase never changes again for the same generation. */
  public boolean isTerminal() {
    return terminal;
  }

  public String description() {
    return description;
  }
}
