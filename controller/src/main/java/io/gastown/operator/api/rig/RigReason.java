package io.gastown.operator.api.rig;

/** Reasons of a Rig's conditions and events, and of the Polecats it holds back. Closed. */
public enum RigReason {
  RigReady,
  InvalidSpec,
  /** A Polecat waits: settings.maxPolecats of the rig's Polecats are working. */
  RigAtCapacity,
  /** A Polecat waits: the rig's Polecats have spent settings.maxCostUSD. */
  RigBudgetExhausted,
  BelowCapacity,
  WithinBudget
}
