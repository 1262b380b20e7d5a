package io.gastown.operator.refinery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.refinery.RefineryPhase;
import io.gastown.operator.api.refinery.RefineryStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SoleRefineryTest {

  @Test
  void theOldestMergesAndASameSecondTieGoesToTheFirstName() {
    Refinery old = refinery("zeta", "2026-01-20T00:00:00Z");
    Refinery tieA = refinery("alpha", "2026-01-20T00:05:00Z");
    Refinery tieB = refinery("beta", "2026-01-20T00:05:00Z");

    assertEquals(Optional.empty(), SoleRefinery.mergingInstead(old, List.of(old, tieA, tieB)));
    assertEquals("zeta", SoleRefinery.mergingInstead(tieA, List.of(old, tieA, tieB)).orElseThrow().getMetadata().getName());
    assertEquals("alpha", SoleRefinery.mergingInstead(tieB, List.of(tieA, tieB)).orElseThrow().getMetadata().getName());
  }

  @Test
  void otherRigsOrBranchesAndRefineriesInErrorOrBeingDeletedDoNotHoldTheRig() {
    Refinery self = refinery("self", "2026-01-20T00:10:00Z");
    Refinery otherRig = refinery("other-rig", "2026-01-20T00:00:00Z");
    otherRig.getSpec().setRigRef("elsewhere");
    Refinery otherBranch = refinery("other-branch", "2026-01-20T00:00:00Z");
    otherBranch.getSpec().setTargetBranch("release");
    Refinery broken = refinery("broken", "2026-01-20T00:00:00Z");
    broken.setStatus(new RefineryStatus());
    broken.getStatus().setPhase(RefineryPhase.Error);
    Refinery leaving = refinery("leaving", "2026-01-20T00:00:00Z");
    leaving.getMetadata().setDeletionTimestamp("2026-01-20T00:20:00Z");

    assertEquals(Optional.empty(), SoleRefinery.mergingInstead(self, List.of(otherRig, otherBranch, broken, leaving)));
  }

  @Test
  void noTargetBranchIsMain() {
    Refinery self = refinery("self", "2026-01-20T00:10:00Z");
    Refinery implicit = refinery("implicit", "2026-01-20T00:00:00Z");
    implicit.getSpec().setTargetBranch(null);

    assertEquals("implicit", SoleRefinery.mergingInstead(self, List.of(implicit)).orElseThrow().getMetadata().getName());
  }

  private static Refinery refinery(String name, String created) {
    Refinery refinery = MergeQueueTest.refinery();
    refinery.getMetadata().setName(name);
    refinery.getMetadata().setCreationTimestamp(created);
    return refinery;
  }
}
