package io.gastown.operator.agent;

import io.gastown.operator.api.polecat.PolecatReason;

/** Why a Polecat cannot run, in the words shown on its conditions and events. */
public record Problem(PolecatReason reason, String message) {}
