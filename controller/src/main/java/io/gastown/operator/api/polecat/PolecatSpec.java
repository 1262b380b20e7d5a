package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolecatSpec {

  /** Letters, digits, '.', '_' and '-': safe as a label value, a branch component and a file name. */
  public static final String BEAD_ID_PATTERN = "^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$";

  @Required
  @Pattern(BEAD_ID_PATTERN)
  @JsonPropertyDescription("The rig (project) this Polecat works for; the Refinery of the rig merges its branch.")
  private String rig;

  @Pattern(BEAD_ID_PATTERN)
  @JsonPropertyDescription("The bead (issue) to work on. Required when desiredState is Working.")
  private String beadID;

  @Size(max = 32768)
  @JsonPropertyDescription("What the agent is asked to do; sent to the model verbatim. When empty, the bead of beadID in the repository's .beads/issues.jsonl (its title, description and acceptance criteria).")
  private String taskDescription;

  @Default("Idle")
  @JsonPropertyDescription("Idle creates nothing, Working runs the agent, Terminated stops it.")
  private DesiredState desiredState;

  @JsonPropertyDescription("kubernetes (default) runs one Pod; tekton runs a git-clone TaskRun then a claude TaskRun.")
  private ExecutionMode executionMode;

  @JsonPropertyDescription("Repository, credentials and resources of the agent.")
  private KubernetesSpec kubernetes;

  @JsonPropertyDescription("Settings of the tekton execution mode.")
  private TektonSpec tekton;

  @JsonPropertyDescription("How Claude Code runs.")
  private AgentConfig agentConfig;

  @JsonPropertyDescription("Open a pull request (or merge request) from the pushed work branch and comment on the issue.")
  private PullRequestSpec pullRequest;

  @Min(0)
  @JsonPropertyDescription("Delete the Polecat's pod or runs this many seconds after it finished. Pushed branches are kept.")
  private Integer ttlSecondsAfterFinished;

  public String getRig() {
    return rig;
  }

  public void setRig(String rig) {
    this.rig = rig;
  }

  public String getBeadID() {
    return beadID;
  }

  public void setBeadID(String beadID) {
    this.beadID = beadID;
  }

  public String getTaskDescription() {
    return taskDescription;
  }

  public void setTaskDescription(String taskDescription) {
    this.taskDescription = taskDescription;
  }

  public DesiredState getDesiredState() {
    return desiredState;
  }

  public void setDesiredState(DesiredState desiredState) {
    this.desiredState = desiredState;
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
