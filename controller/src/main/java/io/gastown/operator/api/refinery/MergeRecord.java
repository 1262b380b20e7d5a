package io.gastown.operator.api.refinery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One merge the Refinery ran: an entry of status.history, or status.currentMerge. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MergeRecord {

  @JsonPropertyDescription("The Polecat whose branch was merged.")
  private String polecat;

  @JsonPropertyDescription("The Polecat's branch.")
  private String branch;

  @JsonPropertyDescription("The merge PipelineRun.")
  private String pipelineRun;

  @JsonPropertyDescription("merged, conflict, tests-failed, push-failed or failed; empty while running.")
  private String outcome;

  @JsonPropertyDescription("The target branch head after the merge.")
  private String mergedCommit;

  @JsonPropertyDescription("What happened, e.g. the conflicting files or the failing test command.")
  private String message;

  @JsonPropertyDescription("When the merge finished (or started, for currentMerge).")
  private String time;

  @Override
  public boolean equals(Object o) {
    return o instanceof MergeRecord r && Objects.equals(polecat, r.polecat) && Objects.equals(branch, r.branch)
        && Objects.equals(pipelineRun, r.pipelineRun) && Objects.equals(outcome, r.outcome)
        && Objects.equals(mergedCommit, r.mergedCommit) && Objects.equals(message, r.message)
        && Objects.equals(time, r.time);
  }

  @Override
  public int hashCode() {
    return Objects.hash(polecat, pipelineRun, outcome);
  }

  public String getPolecat() {
    return polecat;
  }

  public void setPolecat(String polecat) {
    this.polecat = polecat;
  }

  public String getBranch() {
    return branch;
  }

  public void setBranch(String branch) {
    this.branch = branch;
  }

  public String getPipelineRun() {
    return pipelineRun;
  }

  public void setPipelineRun(String pipelineRun) {
    this.pipelineRun = pipelineRun;
  }

  public String getOutcome() {
    return outcome;
  }

  public void setOutcome(String outcome) {
    this.outcome = outcome;
  }

  public String getMergedCommit() {
    return mergedCommit;
  }

  public void setMergedCommit(String mergedCommit) {
    this.mergedCommit = mergedCommit;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }
}
