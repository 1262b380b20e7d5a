package io.gastown.operator.api.witness;

public enum WitnessPhase {
  Pending,
  Active,
  Degraded
}
