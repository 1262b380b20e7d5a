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

  @JsonPropertyDescription("merged, conflict, tests-failed, push-failed, source-moved or failed; with mergeVia pull-request also pull-request-opened, pull-request-updated (the tested merge is in a pull request, not merged yet) or pull-request-failed; empty while running.")
  private String outcome;

  @JsonPropertyDescription("The target branch head after the merge.")
  private String mergedCommit;

  @JsonPropertyDescription("mergeVia pull-request: the tested merge, pushed to headBranch.")
  private String testedCommit;

  @JsonPropertyDescription("mergeVia pull-request: the Refinery's branch the pull request is opened from.")
  private String headBranch;

  @JsonPropertyDescription("mergeVia pull-request: the pull request's web URL.")
  private String pullRequestURL;

  @JsonPropertyDescription("mergeVia pull-request: the pull request's number (GitHub) or iid (GitLab).")
  private Integer pullRequestNumber;

  @JsonPropertyDescription("What happened, e.g. the conflicting files or the failing test command.")
  private String message;

  @JsonPropertyDescription("When the merge finished (or started, for currentMerge).")
  private String time;

  @Override
  public boolean equals(Object o) {
    return o instanceof MergeRecord r && Objects.equals(polecat, r.polecat) && Objects.equals(branch, r.branch)
        && Objects.equals(pipelineRun, r.pipelineRun) && Objects.equals(outcome, r.outcome)
        && Objects.equals(mergedCommit, r.mergedCommit) && Objects.equals(testedCommit, r.testedCommit)
        && Objects.equals(headBranch, r.headBranch) && Objects.equals(pullRequestURL, r.pullRequestURL)
        && Objects.equals(pullRequestNumber, r.pullRequestNumber) && Objects.equals(message, r.message)
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

  public String getTestedCommit() {
    return testedCommit;
  }

  public void setTestedCommit(String testedCommit) {
    this.testedCommit = testedCommit;
  }

  public String getHeadBranch() {
    return headBranch;
  }

  public void setHeadBranch(String headBranch) {
    this.headBranch = headBranch;
  }

  public String getPullRequestURL() {
    return pullRequestURL;
  }

  public void setPullRequestURL(String pullRequestURL) {
    this.pullRequestURL = pullRequestURL;
  }

  public Integer getPullRequestNumber() {
    return pullRequestNumber;
  }

  public void setPullRequestNumber(Integer pullRequestNumber) {
    this.pullRequestNumber = pullRequestNumber;
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
