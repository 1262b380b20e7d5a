package io.gastown.operator.polecat;

/** Why a Polecat cannot run, in the words shown on its conditions and events. */
public record Problem(PolecatReason reason, String message) {}
