package io.gastown.operator.api.beadstore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.gastown.operator.api.WithConditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BeadStoreStatus implements WithConditions {

  @JsonPropertyDescription("Pending (its Rig does not exist yet, or the first sync runs), Synced or Error (the last sync failed, or the spec cannot be used).")
  private BeadStorePhase phase;

  @JsonPropertyDescription("When the beads were last read from the repository.")
  private String lastSyncTime;

  @JsonPropertyDescription("Beads with this store's prefix in the repository's .beads/issues.jsonl.")
  private Integer issueCount;

  @JsonPropertyDescription("Of those, the beads ready for an agent: open, with no open bead blocking them.")
  private Integer readyCount;

  @JsonPropertyDescription("The IDs of the first ready beads, highest priority first, at most 20.")
  private List<String> readyBeads = new ArrayList<>();

  @JsonPropertyDescription("The commit of the repository the counts were read from.")
  private String commit;

  @JsonPropertyDescription("The sync run's Pod while it runs, or after it failed (kept for its logs until the next sync).")
  private String syncPod;

  @JsonPropertyDescription("The generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready (the counts are current) and Syncing.")
  private List<Condition> conditions = new ArrayList<>();

  @Override
  public boolean equals(Object o) {
    return o instanceof BeadStoreStatus s && phase == s.phase && Objects.equals(lastSyncTime, s.lastSyncTime)
        && Objects.equals(issueCount, s.issueCount) && Objects.equals(readyCount, s.readyCount)
        && Objects.equals(readyBeads, s.readyBeads) && Objects.equals(commit, s.commit) && Objects.equals(syncPod, s.syncPod)
        && Objects.equals(observedGeneration, s.observedGeneration) && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, lastSyncTime, issueCount);
  }

  public BeadStorePhase getPhase() {
    return phase;
  }

  public void setPhase(BeadStorePhase phase) {
    this.phase = phase;
  }

  public String getLastSyncTime() {
    return lastSyncTime;
  }

  public void setLastSyncTime(String lastSyncTime) {
    this.lastSyncTime = lastSyncTime;
  }

  public Integer getIssueCount() {
    return issueCount;
  }

  public void setIssueCount(Integer issueCount) {
    this.issueCount = issueCount;
  }

  public Integer getReadyCount() {
    return readyCount;
  }

  public void setReadyCount(Integer readyCount) {
    this.readyCount = readyCount;
  }

  public List<String> getReadyBeads() {
    return readyBeads;
  }

  public void setReadyBeads(List<String> readyBeads) {
    this.readyBeads = readyBeads;
  }

  public String getCommit() {
    return commit;
  }

  public void setCommit(String commit) {
    this.commit = commit;
  }

  public String getSyncPod() {
    return syncPod;
  }

  public void setSyncPod(String syncPod) {
    this.syncPod = syncPod;
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
