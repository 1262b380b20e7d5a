package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/**
 * The Polecat fields a Rig ({@code polecatDefaults}) or a Convoy ({@code polecatTemplate}) can
 * supply: the same names and types as in a Polecat's spec.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolecatTemplate {

  @Size(max = 32768)
  @JsonPropertyDescription("What the agent is asked to do (a Convoy's Polecats: empty to read each bead from the repository).")
  private String taskDescription;

  @JsonPropertyDescription("kubernetes or tekton.")
  private ExecutionMode executionMode;

  @JsonPropertyDescription("Branch, secrets, image, resources, deadline and service account (gitRepository is the rig's gitURL; workBranch is each Polecat's own).")
  private KubernetesSpec kubernetes;

  @JsonPropertyDescription("Settings of the tekton execution mode.")
  private TektonSpec tekton;

  @JsonPropertyDescription("How Claude Code runs.")
  private AgentConfig agentConfig;

  @JsonPropertyDescription("Pull request and issue comment settings (see the Polecat's spec.pullRequest).")
  private PullRequestSpec pullRequest;

  @Min(0)
  @JsonPropertyDescription("Delete a finished Polecat's pod or runs this many seconds after it finished.")
  private Integer ttlSecondsAfterFinished;

  public String getTaskDescription() {
    return taskDescription;
  }

  public void setTaskDescription(String taskDescription) {
    this.taskDescription = taskDescription;
  }

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

  public PullRequestSpec getPullRequest() {
    return pullRequest;
  }

  public void setPullRequest(PullRequestSpec pullRequest) {
    this.pullRequest = pullRequest;
  }
}
