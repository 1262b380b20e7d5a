package io.gastown.operator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.Fixtures;
import io.gastown.operator.ManifestAssertions;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl apply -f config/install.yaml} installs the operator: it runs in-cluster as the
 * Deployment in gastown-system, as its ServiceAccount, bound to exactly the ClusterRole of
 * {@code config/rbac/role.yaml}. (Whether that role is enough is {@link RbacE2E}'s question, asked
 * after every other scenario ran.)
 */
@Order(1)
class InstallE2E {

  private final E2eCluster cluster = E2eCluster.get();

  @Test
  void installBundleRunsTheOperatorAsItsServiceAccountUnderItsClusterRole() throws Exception {
    Workers.installOperator(cluster);

    String crds = cluster.kubectl("get", "crd");
    for (String crd : List.of("polecats", "refineries", "rigs", "convoys", "witnesses", "beadstores")) {
      assertTrue(crds.contains(crd + ".gastown.gastown.io"), crds);
    }

    // Two replicas, both Ready: one holds the leader Lease, the other stands by. (Pods of the
    // rollout before are still stopping.)
    List<Pod> pods = cluster.client().pods().inNamespace(Workers.OPERATOR_NAMESPACE)
        .withLabel("app.kubernetes.io/name", "gastown-operator").list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    assertEquals(2, pods.size(), () -> "operator pods: " + pods);
    for (Pod pod : pods) {
      assertEquals("Running", pod.getStatus().getPhase());
      assertTrue(pod.getStatus().getContainerStatuses().get(0).getReady(), "the operator pod is not Ready");
      assertEquals("gastown-operator", pod.getSpec().getServiceAccountName());
      assertEquals("ghcr.io/gastown-operator/operator:0.1.0", pod.getSpec().getContainers().get(0).getImage());
    }
    // A replica of the rollout before may hold the Lease until it expires.
    List<String> names = pods.stream().map(p -> p.getMetadata().getName()).toList();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).until(() -> {
      var lease = cluster.client().leases().inNamespace(Workers.OPERATOR_NAMESPACE).withName("gastown-operator").get();
      return lease == null ? null : lease.getSpec().getHolderIdentity();
    }, holder -> names.contains(holder));

    JsonNode binding = ManifestAssertions.YAML.readTree(cluster.kubectl("get", "clusterrolebinding", "gastown-operator", "-o", "yaml"));
    assertEquals("gastown-operator", binding.path("roleRef").path("name").asText());
    assertEquals("system:serviceaccount:gastown-system:gastown-operator",
        "system:serviceaccount:" + binding.path("subjects").get(0).path("namespace").asText() + ":"
            + binding.path("subjects").get(0).path("name").asText());
    ClusterRole shipped = Serialization.unmarshal(Fixtures.read("config/rbac/role.yaml"), ClusterRole.class);
    ClusterRole served = cluster.client().rbac().clusterRoles().withName("gastown-operator").get();
    assertEquals(shipped.getRules(), served.getRules());

    String canI = cluster.kubectl("auth", "can-i", "create", "pods", "-n", "gastown-workers",
        "--as=system:serviceaccount:gastown-system:gastown-operator");
    assertEquals("yes", canI.strip());
  }
}
