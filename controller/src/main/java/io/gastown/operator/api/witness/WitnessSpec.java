package io.gastown.operator.api.witness;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.gastown.operator.api.Duration;
import io.gastown.operator.api.polecat.PolecatSpec;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class WitnessSpec {

  @Required
  @Pattern(PolecatSpec.BEAD_ID_PATTERN)
  @JsonPropertyDescription("The rig whose Polecats (in this namespace) it watches.")
  private String rigRef;

  @Pattern(Duration.PATTERN)
  @JsonPropertyDescription("Accepted for compatibility with the Go operator; this operator reacts to every change instead of polling.")
  private String healthCheckInterval;

  @Pattern(Duration.PATTERN)
  @JsonPropertyDescription("How long an agent's stream may stay silent before its step stops it as hung (phase Stuck); default 15m. Silence, not a long run, is being stuck.")
  private String stuckThreshold;

  @Min(0)
  @Max(9)
  @JsonPropertyDescription("How many times a failed or stuck Polecat of the rig is run again, as a new attempt on the same branch (default 0). auth-failed, InvalidSpec, bead-not-found and push-refused are never retried.")
  private Integer maxRetries;

  @Pattern(Duration.PATTERN)
  @JsonPropertyDescription("Wait before the first retry (default 30s), doubled for each further one.")
  private String backoff;

  @Size(max = 253)
  @JsonPropertyDescription("Accepted for compatibility; escalations are Warning Events and the Witness's Escalated condition.")
  private String escalationTarget;

  public String getRigRef() {
    return rigRef;
  }

  public void setRigRef(String rigRef) {
    this.rigRef = rigRef;
  }

  public String getHealthCheckInterval() {
    return healthCheckInterval;
  }

  public void setHealthCheckInterval(String healthCheckInterval) {
    this.healthCheckInterval = healthCheckInterval;
  }

  public String getStuckThreshold() {
    return stuckThreshold;
  }

  public void setStuckThreshold(String stuckThreshold) {
    this.stuckThreshold = stuckThreshold;
  }

  public Integer getMaxRetries() {
    return maxRetries;
  }

  public void setMaxRetries(Integer maxRetries) {
    this.maxRetries = maxRetries;
  }

  public String getBackoff() {
    return backoff;
  }

  public void setBackoff(String backoff) {
    this.backoff = backoff;
  }

  public String getEscalationTarget() {
    return escalationTarget;
  }

  public void setEscalationTarget(String escalationTarget) {
    this.escalationTarget = escalationTarget;
  }
}
