package io.gastown.operator.agent;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.gastown.operator.api.polecat.AgentConfig;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.common.Labels;
import io.gastown.operator.common.Owners;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a Polecat gives the two Tasks' params, and the metadata of everything it owns: one
 * place, so the Pod mode and the Tekton mode pass exactly the same values.
 */
public final class AgentParams {

  public static final String DEFAULT_MAX_TURNS = "50";

  private AgentParams() {}

  /** Params of gastown-git-clone, from an effective spec ({@link PolecatDefaults#resolve}). */
  public static Map<String, String> gitClone(PolecatSpec spec) {
    KubernetesSpec k8s = spec.getKubernetes();
    return Map.of(
        "url", k8s.getGitRepository(),
        "revision", k8s.getGitBranch(),
        "work-branch", k8s.getWorkBranch());
  }

  /** String params of gastown-claude, from an effective spec; the array param extra-args is {@link #extraArgs}. */
  public static Map<String, String> claude(PolecatSpec spec) {
    AgentConfig agent = spec.getAgentConfig();
    KubernetesSpec k8s = spec.getKubernetes();
    Map<String, String> params = new HashMap<>();
    params.put("bead-id", spec.getBeadID());
    params.put("task-description", orEmpty(spec.getTaskDescription()));
    params.put("work-branch", k8s.getWorkBranch());
    params.put("repo-url", k8s.getGitRepository());
    params.put("model", orEmpty(agent.getModel()));
    params.put("max-turns", agent.getMaxTurns().toString());
    params.put("max-budget-usd", orEmpty(agent.getMaxBudgetUSD()));
    params.put("stuck-threshold-seconds", agent.getStuckThresholdSeconds().toString());
    params.put("anthropic-base-url", orEmpty(agent.getBaseURL()));
    params.put("image", k8s.getImage());
    return params;
  }

  public static List<String> extraArgs(PolecatSpec spec) {
    List<String> args = spec.getAgentConfig().getArgs();
    return args == null ? List.of() : args;
  }

  /** agentConfig.env of an effective spec: the agent's own variables. */
  public static List<EnvVar> agentEnv(PolecatSpec spec) {
    List<EnvVar> env = spec.getAgentConfig().getEnv();
    return env == null ? List.of() : env;
  }

  /** Which attempt the Polecat's status is at: 1 until a retry started another. */
  public static int attempt(Polecat polecat) {
    Integer attempt = polecat.getStatus() == null ? null : polecat.getStatus().getAttempt();
    return attempt == null || attempt < 1 ? 1 : attempt;
  }

  /** Name, namespace, contract labels and (for a stored Polecat) the controller owner reference. */
  public static ObjectMeta ownedMetadata(Polecat polecat, String name) {
    ObjectMeta meta = polecat.getMetadata();
    ObjectMetaBuilder builder = new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(meta.getNamespace())
        .withLabels(Labels.forPolecat(meta.getName(), polecat.getSpec().getRig(), polecat.getSpec().getBeadID()));
    if (meta.getUid() != null) {
      builder.withOwnerReferences(Owners.controller(polecat));
    }
    return builder.build();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
