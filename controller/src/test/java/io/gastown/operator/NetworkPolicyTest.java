package io.gastown.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.executor.pod.PolecatPodBuilder;
import io.gastown.operator.executor.tekton.PolecatTaskRunBuilder;
import io.gastown.operator.refinery.MergePipelineRunBuilder;
import io.gastown.operator.steps.StepScripts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped egress NetworkPolicies select what the operator really creates: the labels of the
 * agent pods and TaskRuns, and of the Refinery's test pods (as Tekton labels them).
 */
class NetworkPolicyTest {

  private final List<NetworkPolicy> policies = List.of(policy(0), policy(1));

  @Test
  void theAgentPolicySelectsTheAgentPodsAndTheirTaskRunPods() {
    Polecat polecat = Fixtures.guidePolecat();
    var pod = new PolecatPodBuilder(StepScripts.bundled()).build(Fixtures.effective(polecat));
    var taskRun = new PolecatTaskRunBuilder(StepScripts.bundled()).claude(Fixtures.effective(polecat));

    assertTrue(selects(policies.get(0).getSpec().getPodSelector(), pod.getMetadata().getLabels()));
    // Tekton gives the TaskRun's pod the TaskRun's labels.
    assertTrue(selects(policies.get(0).getSpec().getPodSelector(), taskRun.getMetadata().getLabels()));
  }

  @Test
  void theAgentPolicyAllowsDnsSshAndHttpsOutsideAndDeniesMetadataAndPrivateAddresses() {
    var egress = policies.get(0).getSpec().getEgress();
    var outside = egress.get(1).getTo().get(0).getIpBlock();

    assertEquals(List.of("Egress"), policies.get(0).getSpec().getPolicyTypes());
    assertEquals(53, egress.get(0).getPorts().get(0).getPort().getIntVal());
    assertEquals("0.0.0.0/0", outside.getCidr());
    assertTrue(outside.getExcept().containsAll(List.of("169.254.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")));
    assertEquals(List.of(443, 22), egress.get(1).getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
  }

  @Test
  void theTestPodsOfAMergeHaveNoEgressAtAll() {
    Refinery refinery = Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class);
    refinery.getMetadata().setUid("refinery-uid");
    Polecat polecat = Fixtures.guidePolecat();
    var status = new io.gastown.operator.api.polecat.PolecatStatus();
    status.setCommit("3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d");
    polecat.setStatus(status);
    var run = MergePipelineRunBuilder.bundled(OperatorConfig.DEFAULT_AGENT_IMAGE).build(refinery, polecat, 1);
    Map<String, String> testPod = new HashMap<>(run.getMetadata().getLabels());
    testPod.put("tekton.dev/pipelineTask", "run-tests");
    Map<String, String> pushPod = new HashMap<>(run.getMetadata().getLabels());
    pushPod.put("tekton.dev/pipelineTask", "push");

    NetworkPolicy noEgress = policies.get(1);
    assertTrue(selects(noEgress.getSpec().getPodSelector(), testPod));
    assertFalse(selects(noEgress.getSpec().getPodSelector(), pushPod));
    assertTrue(noEgress.getSpec().getEgress().isEmpty());
    assertEquals(List.of("Egress"), noEgress.getSpec().getPolicyTypes());
  }

  private static NetworkPolicy policy(int index) {
    return Serialization.unmarshal(Fixtures.read("config/network/agent-egress.yaml").split("(?m)^---$")[index],
        NetworkPolicy.class);
  }

  /** matchLabels and Exists, the parts of a label selector the shipped policies use. */
  private static boolean selects(LabelSelector selector, Map<String, String> labels) {
    boolean matchLabels = selector.getMatchLabels() == null
        || selector.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    boolean expressions = selector.getMatchExpressions() == null || selector.getMatchExpressions().stream()
        .allMatch(e -> "Exists".equals(e.getOperator()) && labels.containsKey(e.getKey()));
    return matchLabels && expressions;
  }
}
