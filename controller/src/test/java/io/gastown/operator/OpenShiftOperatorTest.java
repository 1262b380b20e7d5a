package io.gastown.operator;

import static io.gastown.operator.UserIdAssertions.assertFixedUserIds;
import static io.gastown.operator.UserIdAssertions.assertNoUserIds;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.common.OperatorConfig;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OpenShift's restricted-v2 SCC rejects a pod with a user ID outside the namespace's range: on a
 * cluster that serves security.openshift.io the operator's pods name no user or group ID.
 */
@EnableKubernetesMockClient(crud = true)
class OpenShiftOperatorTest {

  KubernetesMockServer server;
  KubernetesClient client;
  Operator operator;

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
  }

  @Test
  void onOpenShiftAgentPodsLeaveTheirUserIdsToTheSecurityContextConstraints() {
    servesSecurityContextConstraints();
    operator = GastownOperator.start(client, OperatorConfig.defaults(), new MovableClock(), e -> {});

    assertNoUserIds(guidePolecatPod());
  }

  @Test
  void assignUidsFalseKeepsUid65532OnOpenShift() {
    servesSecurityContextConstraints();
    operator = GastownOperator.start(client, OperatorConfig.fromEnvironment(Map.of("GASTOWN_ASSIGN_UIDS", "false")),
        new MovableClock(), e -> {});

    assertFixedUserIds(guidePolecatPod());
  }

  @Test
  void assignUidsTrueLeavesUserIdsToTheClusterAnywhere() {
    operator = GastownOperator.start(client, OperatorConfig.fromEnvironment(Map.of("GASTOWN_ASSIGN_UIDS", "true")),
        new MovableClock(), e -> {});

    assertNoUserIds(guidePolecatPod());
  }

  @Test
  void elsewhereAgentPodsRunAsUid65532() {
    operator = GastownOperator.start(client, OperatorConfig.defaults(), new MovableClock(), e -> {});

    assertFixedUserIds(guidePolecatPod());
  }

  private void servesSecurityContextConstraints() {
    server.expectCustomResource(new CustomResourceDefinitionContext.Builder()
        .withGroup("security.openshift.io").withVersion("v1").withKind("SecurityContextConstraints")
        .withPlural("securitycontextconstraints").withScope("Cluster").build());
  }

  private Pod guidePolecatPod() {
    Fixtures.createGuideSecrets(client);
    client.resource(Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class)).create();
    return await().atMost(Duration.ofSeconds(15))
        .until(() -> client.pods().inNamespace(Fixtures.NAMESPACE).withName("polecat-my-worker").get(), p -> p != null);
  }
}
