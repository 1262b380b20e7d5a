package io.gastown.operator.api.polecat;

/** What the user wants the Polecat to do. */
public enum DesiredState {
  Idle,
  Working,
  Terminated
}
