package io.gastown.operator.api.convoy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.gastown.operator.api.WithConditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConvoyStatus implements WithConditions {

  @JsonPropertyDescription("Pending, InProgress, Complete (every bead done, and merged when the rig has a Refinery) or Failed.")
  private ConvoyPhase phase;

  @JsonPropertyDescription("Completed beads of all, e.g. 2/3.")
  private String progress;

  @JsonPropertyDescription("Beads that are complete.")
  private List<String> completedBeads = new ArrayList<>();

  @JsonPropertyDescription("Beads that are not complete yet.")
  private List<String> pendingBeads = new ArrayList<>();

  @JsonPropertyDescription("Beads whose Polecat failed (or whose merge failed).")
  private List<String> failedBeads = new ArrayList<>();

  @JsonPropertyDescription("Each tracked bead: its Polecat, phase, branch, commit and whether it was merged.")
  private List<ConvoyBead> beads = new ArrayList<>();

  @JsonPropertyDescription("Accepted for compatibility with the Go operator; unused.")
  private String beadsConvoyID;

  @JsonPropertyDescription("When the first Polecat of the convoy was started.")
  private String startedAt;

  @JsonPropertyDescription("When the convoy became Complete or Failed.")
  private String completedAt;

  @JsonPropertyDescription("The generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready (the spec is usable) and Completed.")
  private List<Condition> conditions = new ArrayList<>();

  @Override
  public boolean equals(Object o) {
    return o instanceof ConvoyStatus s && phase == s.phase && Objects.equals(progress, s.progress)
        && Objects.equals(completedBeads, s.completedBeads) && Objects.equals(pendingBeads, s.pendingBeads)
        && Objects.equals(failedBeads, s.failedBeads) && Objects.equals(beads, s.beads)
        && Objects.equals(startedAt, s.startedAt) && Objects.equals(completedAt, s.completedAt)
        && Objects.equals(observedGeneration, s.observedGeneration) && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, progress);
  }

  public ConvoyPhase getPhase() {
    return phase;
  }

  public void setPhase(ConvoyPhase phase) {
    this.phase = phase;
  }

  public String getProgress() {
    return progress;
  }

  public void setProgress(String progress) {
    this.progress = progress;
  }

  public List<String> getCompletedBeads() {
    return completedBeads;
  }

  public void setCompletedBeads(List<String> completedBeads) {
    this.completedBeads = completedBeads;
  }

  public List<String> getPendingBeads() {
    return pendingBeads;
  }

  public void setPendingBeads(List<String> pendingBeads) {
    this.pendingBeads = pendingBeads;
  }

  public List<String> getFailedBeads() {
    return failedBeads;
  }

  public void setFailedBeads(List<String> failedBeads) {
    this.failedBeads = failedBeads;
  }

  public List<ConvoyBead> getBeads() {
    return beads;
  }

  public void setBeads(List<ConvoyBead> beads) {
    this.beads = beads;
  }

  public String getBeadsConvoyID() {
    return beadsConvoyID;
  }

  public void setBeadsConvoyID(String beadsConvoyID) {
    this.beadsConvoyID = beadsConvoyID;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
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
