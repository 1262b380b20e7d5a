package io.gastown.operator.api.witness;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.gastown.operator.api.WithConditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class WitnessStatus implements WithConditions {

  @JsonPropertyDescription("Pending (its Rig does not exist), Active or Degraded (its spec cannot be used).")
  private WitnessPhase phase;

  @JsonPropertyDescription("When the Witness last looked at the rig's Polecats (on every change of one).")
  private String lastCheckTime;

  @JsonPropertyDescription("The rig's Polecats in this namespace by state.")
  private PolecatsSummary polecatsSummary;

  @JsonPropertyDescription("Failed or stuck Polecats it escalated (one Warning Event each), newest last, at most 20.")
  private List<String> escalated = new ArrayList<>();

  @JsonPropertyDescription("The generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready and Escalated.")
  private List<Condition> conditions = new ArrayList<>();

  @Override
  public boolean equals(Object o) {
    return o instanceof WitnessStatus s && phase == s.phase && Objects.equals(polecatsSummary, s.polecatsSummary)
        && Objects.equals(escalated, s.escalated) && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, polecatsSummary);
  }

  public WitnessPhase getPhase() {
    return phase;
  }

  public void setPhase(WitnessPhase phase) {
    this.phase = phase;
  }

  public String getLastCheckTime() {
    return lastCheckTime;
  }

  public void setLastCheckTime(String lastCheckTime) {
    this.lastCheckTime = lastCheckTime;
  }

  public PolecatsSummary getPolecatsSummary() {
    return polecatsSummary;
  }

  public void setPolecatsSummary(PolecatsSummary polecatsSummary) {
    this.polecatsSummary = polecatsSummary;
  }

  public List<String> getEscalated() {
    return escalated;
  }

  public void setEscalated(List<String> escalated) {
    this.escalated = escalated;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
