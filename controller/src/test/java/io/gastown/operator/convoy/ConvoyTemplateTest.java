package io.gastown.operator.convoy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gastown.operator.api.convoy.Convoy;
import io.gastown.operator.api.polecat.PolecatTemplate;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.TokenSecretReference;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvoyTemplateTest {

  @Test
  void theTemplatesPullRequestSettingsReachEveryPolecatOfTheConvoy() {
    Convoy convoy = new Convoy();
    convoy.getMetadata().setName("sprint");
    convoy.getMetadata().setNamespace("team");
    convoy.getMetadata().setUid("0000-convoy");
    convoy.getSpec().setDescription("the sprint");
    convoy.getSpec().setTrackedBeads(List.of("mp-1"));
    PolecatTemplate template = new PolecatTemplate();
    PullRequestSpec pr = new PullRequestSpec();
    pr.setEnabled(true);
    pr.setTokenSecretRef(new TokenSecretReference("forge-token", null));
    template.setPullRequest(pr);
    convoy.getSpec().setPolecatTemplate(template);

    PullRequestSpec created = ConvoyReconciler.polecatFor(convoy, "mp-1").getSpec().getPullRequest();

    assertEquals(true, created.getEnabled());
    assertEquals("forge-token", created.getTokenSecretRef().getName());
  }
}
