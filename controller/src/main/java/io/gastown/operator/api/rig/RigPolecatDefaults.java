package io.gastown.operator.api.rig;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.gastown.operator.api.polecat.AgentConfig;
import io.gastown.operator.api.polecat.ExecutionMode;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.TektonSpec;

/** The Polecat fields a rig can supply; the same names and types as in a Polecat's spec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RigPolecatDefaults {

  @JsonPropertyDescription("kubernetes or tekton.")
  private ExecutionMode executionMode;

  @JsonPropertyDescription("Branch, secrets, image, resources, deadline and service account (gitRepository is the rig's gitURL; workBranch is each Polecat's own).")
  private KubernetesSpec kubernetes;

  @JsonPropertyDescription("Settings of the tekton execution mode.")
  private TektonSpec tekton;

  @JsonPropertyDescription("How Claude Code runs.")
  private AgentConfig agentConfig;

  @Min(0)
  @JsonPropertyDescription("Delete a finished Polecat's pod or runs this many seconds after it finished.")
  private Integer ttlSecondsAfterFinished;

  public ExecutionMode getExecutionMode() {
    return executionMode;
  }

  public void setExecutionMode(ExecutionMode executionMode) {
    this.executionMode = executionMode;
  }

  public KubernetesSpec getKubernetes() {
    return kubernetes;
  }

  public void setKubernetes(KubernetesSpec kubernetes) {
    this.kubernetes = kubernetes;
  }

  public TektonSpec getTekton() {
    return tekton;
  }

  public void setTekton(TektonSpec tekton) {
    this.tekton = tekton;
  }

  public AgentConfig getAgentConfig() {
    return agentConfig;
  }

  public void setAgentConfig(AgentConfig agentConfig) {
    this.agentConfig = agentConfig;
  }

  public Integer getTtlSecondsAfterFinished() {
    return ttlSecondsAfterFinished;
  }

  public void setTtlSecondsAfterFinished(Integer ttlSecondsAfterFinished) {
    this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
  }
}
