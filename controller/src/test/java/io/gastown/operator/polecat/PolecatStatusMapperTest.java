package io.gastown.operator.polecat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.gastown.operator.Fixtures;
import io.gastown.operator.agent.AgentObservation;
import io.gastown.operator.agent.AgentRun;
import io.gastown.operator.agent.Problem;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatReason;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.common.Conditions;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PolecatStatusMapperTest {

  private static final Instant T0 = Instant.parse("2026-01-20T00:10:37Z");
  private static final Instant T1 = Instant.parse("2026-01-20T00:11:00Z");
  private static final AgentRun POD = AgentRun.pod("polecat-my-worker");

  private final AgentObservation running = new AgentObservation(AgentObservation.State.RUNNING, POD, T0, null, null, null);

  @Test
  void anUnchangedSituationMapsToAnEqualStatusSoNothingIsWritten() {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.setStatus(PolecatStatusMapper.observed(polecat, running, T0));

    assertEquals(polecat.getStatus(), PolecatStatusMapper.observed(polecat, running, T1));
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenAConditionFlips() {
    Polecat polecat = Fixtures.guidePolecat();
    AgentObservation pending = new AgentObservation(AgentObservation.State.PENDING, POD, null, null, null, null);
    polecat.setStatus(PolecatStatusMapper.observed(polecat, pending, T0));

    PolecatStatus next = PolecatStatusMapper.observed(polecat, running, T1);
    assertEquals("2026-01-20T00:10:37Z", ltt(next, "Ready"), "Ready stayed True");
    assertEquals("2026-01-20T00:11:00Z", ltt(next, "Working"), "Working flipped to True");
  }

  @Test
  void specChangesAreAcknowledgedThroughObservedGeneration() {
    Polecat polecat = Fixtures.guidePolecat();
    polecat.setStatus(PolecatStatusMapper.observed(polecat, running, T0));
    polecat.getMetadata().setGeneration(2L);

    PolecatStatus next = PolecatStatusMapper.observed(polecat, running, T0);
    assertEquals(2L, next.getObservedGeneration());
    assertNotEquals(polecat.getStatus(), next);
  }

  @Test
  void headlineIsReadyWhileThePolecatCannotStartAndWorkingAfter() {
    Polecat polecat = Fixtures.guidePolecat();
    PolecatStatus waiting = PolecatStatusMapper.waiting(polecat,
        new Problem(PolecatReason.SecretNotFound, "Secret claude-home not found"), T0);
    assertEquals("SecretNotFound", PolecatStatusMapper.headline(waiting).orElseThrow().getReason());

    polecat.setStatus(waiting);
    PolecatStatus started = PolecatStatusMapper.observed(polecat, running, T1);
    assertEquals("Running", PolecatStatusMapper.headline(started).orElseThrow().getReason());
  }

  private static String ltt(PolecatStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow().getLastTransitionTime();
  }
}
