package io.gastown.operator.api.rig;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.gastown.operator.api.WithConditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RigStatus implements WithConditions {

  @JsonPropertyDescription("Initializing, Ready or Degraded.")
  private RigPhase phase;

  @JsonPropertyDescription("Polecats of the rig, in every namespace.")
  private Integer polecatCount;

  @JsonPropertyDescription("Convoys of the rig that are not Complete or Failed.")
  private Integer activeConvoys;

  @JsonPropertyDescription("Polecats of the rig by phase.")
  private Map<String, Integer> polecatsByPhase = new TreeMap<>();

  @JsonPropertyDescription("Polecats of the rig that hold a slot of settings.maxPolecats (Pending with a run, or Working).")
  private Integer working;

  @JsonPropertyDescription("The summed costUSD of the rig's Polecats.")
  private String costUSD;

  @JsonPropertyDescription("The generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready (the spec is usable), AtCapacity, BudgetExhausted.")
  private List<Condition> conditions = new ArrayList<>();

  @Override
  public boolean equals(Object o) {
    return o instanceof RigStatus s && phase == s.phase && Objects.equals(polecatCount, s.polecatCount)
        && Objects.equals(activeConvoys, s.activeConvoys) && Objects.equals(polecatsByPhase, s.polecatsByPhase)
        && Objects.equals(working, s.working) && Objects.equals(costUSD, s.costUSD)
        && Objects.equals(observedGeneration, s.observedGeneration) && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, polecatCount, working, costUSD);
  }

  public RigPhase getPhase() {
    return phase;
  }

  public void setPhase(RigPhase phase) {
    this.phase = phase;
  }

  public Integer getPolecatCount() {
    return polecatCount;
  }

  public void setPolecatCount(Integer polecatCount) {
    this.polecatCount = polecatCount;
  }

  public Integer getActiveConvoys() {
    return activeConvoys;
  }

  public void setActiveConvoys(Integer activeConvoys) {
    this.activeConvoys = activeConvoys;
  }

  public Map<String, Integer> getPolecatsByPhase() {
    return polecatsByPhase;
  }

  public void setPolecatsByPhase(Map<String, Integer> polecatsByPhase) {
    this.polecatsByPhase = polecatsByPhase;
  }

  public Integer getWorking() {
    return working;
  }

  public void setWorking(Integer working) {
    this.working = working;
  }

  public String getCostUSD() {
    return costUSD;
  }

  public void setCostUSD(String costUSD) {
    this.costUSD = costUSD;
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
