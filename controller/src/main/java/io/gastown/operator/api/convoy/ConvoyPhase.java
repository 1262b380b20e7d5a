package io.gastown.operator.api.convoy;

public enum ConvoyPhase {
  Pending,
  InProgress,
  Complete,
  Failed
}
