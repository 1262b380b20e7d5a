package io.gastown.operator.api.convoy;

/** Reasons of a Convoy's conditions and events. Closed. */
public enum ConvoyReason {
  ConvoyReady,
  InvalidSpec,
  BeadsInProgress,
  ConvoyComplete,
  BeadsFailed
}
