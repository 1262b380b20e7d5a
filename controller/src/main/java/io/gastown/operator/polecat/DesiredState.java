package io.gastown.operator.polecat;

/** What the user wants the Polecat to do. */
public enum DesiredState {
  Idle,
  Working,
  Terminated
}
