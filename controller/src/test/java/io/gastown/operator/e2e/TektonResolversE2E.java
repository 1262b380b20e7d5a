package io.gastown.operator.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Tekton's remote resolvers run on the cluster: a TaskRun in one namespace names a Task kept in
 * gastown-system through the cluster resolver, and Tekton fetches, runs and labels it as that
 * Task. Nothing of the operator is involved; it is what a run grouped under the bundled Tasks
 * relies on.
 */
@Order(4)
class TektonResolversE2E {

  private static final String NAMESPACE = "gastown-resolvers";
  private static final String TASK = "e2e-resolver-probe";
  private final E2eCluster cluster = E2eCluster.get();

  @Test
  void aTaskRunReferencingATaskInGastownSystemThroughTheClusterResolverRunsAsThatTask() {
    for (String namespace : List.of(Workers.OPERATOR_NAMESPACE, NAMESPACE)) {
      if (cluster.client().namespaces().withName(namespace).get() == null) {
        cluster.kubectl("create", "namespace", namespace);
      }
    }
    String task = """
        apiVersion: tekton.dev/v1
        kind: Task
        metadata:
          name: %s
          namespace: %s
        spec:
          steps:
            - name: say
              image: ghcr.io/gastown-operator/agent:0.1.0
              script: |
                #!/bin/bash
                echo "resolved from $(params.origin)"
          params:
            - name: origin
              default: gastown-system
        """.formatted(TASK, Workers.OPERATOR_NAMESPACE);
    cluster.kubectlWithInput(task, "apply", "-f", "-").expectSuccess();
    String run = """
        apiVersion: tekton.dev/v1
        kind: TaskRun
        metadata:
          name: resolved
          namespace: %s
        spec:
          taskRef:
            resolver: cluster
            params:
              - {name: kind, value: task}
              - {name: name, value: %s}
              - {name: namespace, value: %s}
        """.formatted(NAMESPACE, TASK, Workers.OPERATOR_NAMESPACE);
    cluster.kubectlWithInput(run, "apply", "-f", "-").expectSuccess();

    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> List.of("True", "False")
        .contains(cluster.kubectl("get", "taskrun", "resolved", "-n", NAMESPACE,
            "-o", "jsonpath={.status.conditions[?(@.type==\"Succeeded\")].status}")));
    String outcome = cluster.kubectl("get", "taskrun", "resolved", "-n", NAMESPACE,
        "-o", "jsonpath={.status.conditions[?(@.type==\"Succeeded\")].status}/{.status.conditions[0].message}");
    assertEquals("True", outcome.substring(0, outcome.indexOf('/')), outcome);
    assertEquals(TASK, cluster.kubectl("get", "taskrun", "resolved", "-n", NAMESPACE,
        "-o", "jsonpath={.metadata.labels.tekton\\.dev/task}"));
    String logs = cluster.tkn("taskrun", "logs", "resolved", "-n", NAMESPACE);
    assertTrue(logs.contains("[say] resolved from gastown-system"), logs);
  }
}
