package io.gastown.operator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void shortMergeRunNamesAreTheContractNames() {
    assertEquals("refinery-my-refinery-my-worker", Names.mergePipelineRun("my-refinery", "my-worker", 1));
    assertEquals("refinery-my-refinery-my-worker-2", Names.mergePipelineRun("my-refinery", "my-worker", 2));
  }

  @Test
  void longMergeRunNamesAreCutToALabelValueWithAHashOfTheFullName() {
    String polecat = "p".repeat(Names.MAX_POLECAT_NAME);
    String name = Names.mergePipelineRun("r".repeat(63), polecat, 10);
    assertEquals(63, name.length());
    assertTrue(name.matches("refinery-r+-[0-9a-f]{10}"), name);
  }

  @Test
  void polecatNamesWithEqualStringHashCodesGetDifferentMergeRuns() {
    // "c0" and "an" have the same String.hashCode, so these names do too; they differ only past the cut.
    String one = "polecat-working-on-a-long-bead-name-00001c0";
    String other = "polecat-working-on-a-long-bead-name-00001an";
    assertEquals(("refinery-merge-queue-" + one).hashCode(), ("refinery-merge-queue-" + other).hashCode());

    String first = Names.mergePipelineRun("merge-queue", one, 1);
    String second = Names.mergePipelineRun("merge-queue", other, 1);

    assertNotEquals(first, second);
    assertTrue(first.length() <= 63 && second.length() <= 63);
  }
}
