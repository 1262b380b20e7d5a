package io.gastown.operator.agent;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.gastown.operator.api.polecat.AgentConfig;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.common.Labels;
import io.gastown.operator.common.ModelEndpoint;
import io.gastown.operator.common.Names;
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

  public static Map<String, String> gitClone(PolecatSpec spec) {
    KubernetesSpec k8s = spec.getKubernetes();
    return Map.of(
        "url", k8s.getGitRepository(),
        "revision", gitBranch(k8s),
        "work-branch", workBranch(spec));
  }

  /** String params of gastown-claude; the array param extra-args is {@link #extraArgs}. */
  public static Map<String, String> claude(PolecatSpec spec, String image, ModelEndpoint endpoint) {
    AgentConfig agent = agentConfig(spec);
    Map<String, String> params = new HashMap<>();
    params.put("bead-id", spec.getBeadID());
    params.put("task-description", orEmpty(spec.getTaskDescription()));
    params.put("work-branch", workBranch(spec));
    params.put("repo-url", spec.getKubernetes().getGitRepository());
    params.put("model", orEmpty(agent.getModel()));
    params.put("max-turns", agent.getMaxTurns() == null ? DEFAULT_MAX_TURNS : agent.getMaxTurns().toString());
    params.put("max-budget-usd", orEmpty(agent.getMaxBudgetUSD()));
    params.put("anthropic-base-url", endpoint.baseUrlFor(agent));
    params.put("image", image);
    return params;
  }

  public static List<String> extraArgs(PolecatSpec spec) {
    List<String> args = agentConfig(spec).getArgs();
    return args == null ? List.of() : args;
  }

  /**
   * What an agent container may use when the spec says nothing: enough for Claude Code and git,
   * bounded so that one agent cannot exhaust the node's memory or disk.
   */
  public static final ResourceRequirements DEFAULT_RESOURCES = new ResourceRequirementsBuilder()
      .addToRequests("cpu", new Quantity("250m"))
      .addToRequests("memory", new Quantity("512Mi"))
      .addToRequests("ephemeral-storage", new Quantity("1Gi"))
      .addToLimits("memory", new Quantity("4Gi"))
      .addToLimits("ephemeral-storage", new Quantity("10Gi"))
      .build();

  public static ResourceRequirements resources(KubernetesSpec k8s) {
    return k8s.getResources() == null ? DEFAULT_RESOURCES : k8s.getResources();
  }

  /** The image a spec names, or the operator's default when it names none. */
  public static String image(String requested, String defaultImage) {
    return requested == null || requested.isEmpty() ? defaultImage : requested;
  }

  public static AgentConfig agentConfig(PolecatSpec spec) {
    return spec.getAgentConfig() == null ? new AgentConfig() : spec.getAgentConfig();
  }

  public static String workBranch(PolecatSpec spec) {
    String branch = spec.getKubernetes().getWorkBranch();
    return branch == null || branch.isEmpty() ? Names.defaultWorkBranch(spec.getBeadID()) : branch;
  }

  public static final long DEFAULT_ACTIVE_DEADLINE_SECONDS = 3600L;

  public static long activeDeadlineSeconds(KubernetesSpec k8s) {
    return k8s.getActiveDeadlineSeconds() == null ? DEFAULT_ACTIVE_DEADLINE_SECONDS : k8s.getActiveDeadlineSeconds();
  }

  public static String gitBranch(KubernetesSpec k8s) {
    return k8s.getGitBranch() == null || k8s.getGitBranch().isEmpty() ? "main" : k8s.getGitBranch();
  }

  /** Name, namespace, contract labels and (for a stored Polecat) the controller owner reference. */
  public static ObjectMeta ownedMetadata(Polecat polecat, String name) {
    ObjectMeta meta = polecat.getMetadata();
    ObjectMetaBuilder builder = new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(meta.getNamespace())
        .withLabels(Labels.forPolecat(meta.getName(), polecat.getSpec().getRig(), polecat.getSpec().getBeadID()));
    if (meta.getUid() != null) {
      builder.withOwnerReferences(new OwnerReferenceBuilder()
          .withApiVersion(polecat.getApiVersion())
          .withKind(polecat.getKind())
          .withName(meta.getName())
          .withUid(meta.getUid())
          .withController(true)
          .withBlockOwnerDeletion(true)
          .build());
    }
    return builder.build();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
