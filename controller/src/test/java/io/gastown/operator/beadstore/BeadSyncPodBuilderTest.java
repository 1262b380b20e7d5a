package io.gastown.operator.beadstore;

import static io.gastown.operator.UserIdAssertions.assertFixedUserIds;
import static io.gastown.operator.UserIdAssertions.assertNoUserIds;

import io.gastown.operator.Fixtures;
import io.gastown.operator.agent.PolecatDefaults;
import io.gastown.operator.api.beadstore.BeadStore;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.common.UserIds;
import io.gastown.operator.steps.StepScripts;
import org.junit.jupiter.api.Test;

class BeadSyncPodBuilderTest {

  private final Rig rig = Fixtures.rigWithDefaults();
  private final KubernetesSpec repository = PolecatDefaults.rigRepository(rig, OperatorConfig.defaults().agentDefaults());

  @Test
  void syncPodsRunAsTheImagesUserUnlessThePlatformAssignsUserIds() {
    BeadStore store = new BeadStore();
    store.getMetadata().setName("beads");
    store.getMetadata().setNamespace(Fixtures.NAMESPACE);
    store.getSpec().setRigRef(rig.getMetadata().getName());
    store.getSpec().setPrefix("mp-");

    assertFixedUserIds(new BeadSyncPodBuilder(StepScripts.bundled(), UserIds.FIXED).build(store, repository));
    assertNoUserIds(new BeadSyncPodBuilder(StepScripts.bundled(), UserIds.ASSIGNED).build(store, repository));
  }
}
