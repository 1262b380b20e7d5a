package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;

/** How Claude Code runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AgentConfig {

  @Size(max = 128)
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._:@/-]*$")
  @JsonPropertyDescription("Claude model, e.g. claude-sonnet-4-5. Claude Code's default when empty.")
  private String model;

  @Min(1)
  @JsonPropertyDescription("Maximum agent turns (default 50).")
  private Integer maxTurns;

  @Pattern("^[0-9]+(\\.[0-9]+)?$")
  @JsonPropertyDescription("Maximum spend in USD for the run, e.g. \"5\" or \"2.50\".")
  private String maxBudgetUSD;

  @Size(max = 2048)
  @JsonPropertyDescription("Anthropic-compatible API endpoint, https:// (plain http only to loopback, or where the operator allows it). The credential is sent to it.")
  private String baseURL;

  @Size(max = 64)
  @Min(0)
  @JsonPropertyDescription("Stop the agent as hung (phase Stuck) when its stream stays silent this many seconds; 0 never. Default: the rig's Witness's stuckThreshold, else 900.")
  private Integer stuckThresholdSeconds;

  @JsonPropertyDescription("Extra environment variables of the agent's container, literal values only (no valueFrom); ANTHROPIC_*, CLAUDE_CODE_*, GASTOWN_*, HOME and the steps' own variables are reserved.")
  private List<EnvVar> env;

  @Size(max = 64)
  @JsonPropertyDescription("Extra arguments for the claude command line.")
  private List<String> args;

  public String getModel() {
    return model;
  }

  public void setModel(String model) {
    this.model = model;
  }

  public Integer getMaxTurns() {
    return maxTurns;
  }

  public void setMaxTurns(Integer maxTurns) {
    this.maxTurns = maxTurns;
  }

  public String getMaxBudgetUSD() {
    return maxBudgetUSD;
  }

  public void setMaxBudgetUSD(String maxBudgetUSD) {
    this.maxBudgetUSD = maxBudgetUSD;
  }

  public String getBaseURL() {
    return baseURL;
  }

  public void setBaseURL(String baseURL) {
    this.baseURL = baseURL;
  }

  public Integer getStuckThresholdSeconds() {
    return stuckThresholdSeconds;
  }

  public void setStuckThresholdSeconds(Integer stuckThresholdSeconds) {
    this.stuckThresholdSeconds = stuckThresholdSeconds;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public List<String> getArgs() {
    return args;
  }

  public void setArgs(List<String> args) {
    this.args = args;
  }
}
