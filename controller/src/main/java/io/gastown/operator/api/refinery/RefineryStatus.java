package io.gastown.operator.api.refinery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.gastown.operator.api.WithConditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RefineryStatus implements WithConditions {

  @JsonPropertyDescription("Idle, Processing or Error.")
  private RefineryPhase phase;

  @JsonPropertyDescription("Finished Polecat branches waiting for a merge (not counting running merges).")
  private Integer queueLength;

  @JsonPropertyDescription("The oldest merge running now.")
  private MergeRecord currentMerge;

  @JsonPropertyDescription("When the last merge landed on the target branch.")
  private String lastMergeTime;

  @JsonPropertyDescription("Counts over the rig's finished, pushed Polecats.")
  private MergesSummary mergesSummary;

  @JsonPropertyDescription("The most recent merges, newest last (at most 20).")
  private List<MergeRecord> history = new ArrayList<>();

  @JsonPropertyDescription("Ready: the spec is usable (or why not).")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The spec generation this status describes.")
  private Long observedGeneration;

  public List<MergeRecord> getHistory() {
    return history;
  }

  public void setHistory(List<MergeRecord> history) {
    this.history = history;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RefineryStatus s && phase == s.phase && Objects.equals(queueLength, s.queueLength)
        && Objects.equals(currentMerge, s.currentMerge) && Objects.equals(lastMergeTime, s.lastMergeTime)
        && Objects.equals(mergesSummary, s.mergesSummary) && Objects.equals(history, s.history)
        && Objects.equals(conditions, s.conditions) && Objects.equals(observedGeneration, s.observedGeneration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, queueLength, observedGeneration);
  }

  public RefineryPhase getPhase() {
    return phase;
  }

  public void setPhase(RefineryPhase phase) {
    this.phase = phase;
  }

  public Integer getQueueLength() {
    return queueLength;
  }

  public void setQueueLength(Integer queueLength) {
    this.queueLength = queueLength;
  }

  public MergeRecord getCurrentMerge() {
    return currentMerge;
  }

  public void setCurrentMerge(MergeRecord currentMerge) {
    this.currentMerge = currentMerge;
  }

  public String getLastMergeTime() {
    return lastMergeTime;
  }

  public void setLastMergeTime(String lastMergeTime) {
    this.lastMergeTime = lastMergeTime;
  }

  public MergesSummary getMergesSummary() {
    return mergesSummary;
  }

  public void setMergesSummary(MergesSummary mergesSummary) {
    this.mergesSummary = mergesSummary;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }
}
