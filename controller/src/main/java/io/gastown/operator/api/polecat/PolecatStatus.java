package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.gastown.operator.api.WithConditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolecatStatus implements WithConditions {

  @JsonPropertyDescription("Idle, Pending, Working, Done, Failed, Stuck or Terminated.")
  private PolecatPhase phase;

  @JsonPropertyDescription("The bead the agent works on.")
  private String assignedBead;

  @JsonPropertyDescription("The agent pod (kubernetes mode).")
  private String podName;

  @JsonPropertyDescription("The TaskRuns (tekton mode).")
  private List<TaskRunState> taskRuns;

  @JsonPropertyDescription("The work branch.")
  private String branch;

  @JsonPropertyDescription("The commit pushed, or the commit the work started from.")
  private String commit;

  @JsonPropertyDescription("True when the work branch was pushed.")
  private Boolean pushed;

  @JsonPropertyDescription("What the agent run ended with: succeeded, no-changes, agent-failed, auth-failed, bead-not-found, hung, push-failed, push-refused.")
  private String outcome;

  @JsonPropertyDescription("Total cost reported by Claude Code, in USD: every attempt's together.")
  private String costUSD;

  @JsonPropertyDescription("Of costUSD, what the attempts before this one cost.")
  private String earlierAttemptsCostUSD;

  @JsonPropertyDescription("Agent turns reported by Claude Code.")
  private Integer numTurns;

  @JsonPropertyDescription("Claude Code session id.")
  private String sessionID;

  @JsonPropertyDescription("The agent's final message or the failure, truncated.")
  private String summary;

  @JsonPropertyDescription("When the agent pod started.")
  private String startTime;

  @JsonPropertyDescription("When the agent finished, failed or was stopped.")
  private String completionTime;

  @JsonPropertyDescription("The spec generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Which run this is: 1, then one more for each retry its Witness started (spec.maxRetries).")
  private Integer attempt;

  @JsonPropertyDescription("After an AuthFailed run of a rig whose Witness retries: the resourceVersion its credentials secret had; the next attempt starts once it changes.")
  private String credentialsVersion;

  @JsonPropertyDescription("The target branch head after the rig's Refinery merged this Polecat's branch (see the Merged condition).")
  private String mergedCommit;

  @JsonPropertyDescription("The pull request opened from the work branch, and the issue comment (spec.pullRequest).")
  private PullRequestStatus pullRequest;

  @JsonPropertyDescription("Ready: the pod could be created (or why not). Working: the agent runs, or how it ended.")
  private List<Condition> conditions = new ArrayList<>();

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolecatStatus s
        && phase == s.phase
        && Objects.equals(assignedBead, s.assignedBead)
        && Objects.equals(podName, s.podName)
        && Objects.equals(taskRuns, s.taskRuns)
        && Objects.equals(branch, s.branch)
        && Objects.equals(commit, s.commit)
        && Objects.equals(pushed, s.pushed)
        && Objects.equals(outcome, s.outcome)
        && Objects.equals(costUSD, s.costUSD)
        && Objects.equals(earlierAttemptsCostUSD, s.earlierAttemptsCostUSD)
        && Objects.equals(numTurns, s.numTurns)
        && Objects.equals(sessionID, s.sessionID)
        && Objects.equals(summary, s.summary)
        && Objects.equals(startTime, s.startTime)
        && Objects.equals(completionTime, s.completionTime)
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(attempt, s.attempt)
        && Objects.equals(mergedCommit, s.mergedCommit)
        && Objects.equals(credentialsVersion, s.credentialsVersion)
        && Objects.equals(pullRequest, s.pullRequest)
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, podName, commit, observedGeneration, conditions);
  }

  public PolecatPhase getPhase() {
    return phase;
  }

  public void setPhase(PolecatPhase phase) {
    this.phase = phase;
  }

  public String getAssignedBead() {
    return assignedBead;
  }

  public void setAssignedBead(String assignedBead) {
    this.assignedBead = assignedBead;
  }

  public String getPodName() {
    return podName;
  }

  public void setPodName(String podName) {
    this.podName = podName;
  }

  public List<TaskRunState> getTaskRuns() {
    return taskRuns;
  }

  public void setTaskRuns(List<TaskRunState> taskRuns) {
    this.taskRuns = taskRuns;
  }

  public String getBranch() {
    return branch;
  }

  public void setBranch(String branch) {
    this.branch = branch;
  }

  public String getCommit() {
    return commit;
  }

  public void setCommit(String commit) {
    this.commit = commit;
  }

  public Boolean getPushed() {
    return pushed;
  }

  public void setPushed(Boolean pushed) {
    this.pushed = pushed;
  }

  public String getOutcome() {
    return outcome;
  }

  public void setOutcome(String outcome) {
    this.outcome = outcome;
  }

  public String getEarlierAttemptsCostUSD() {
    return earlierAttemptsCostUSD;
  }

  public void setEarlierAttemptsCostUSD(String earlierAttemptsCostUSD) {
    this.earlierAttemptsCostUSD = earlierAttemptsCostUSD;
  }

  public String getCredentialsVersion() {
    return credentialsVersion;
  }

  public void setCredentialsVersion(String credentialsVersion) {
    this.credentialsVersion = credentialsVersion;
  }

  public String getCostUSD() {
    return costUSD;
  }

  public void setCostUSD(String costUSD) {
    this.costUSD = costUSD;
  }

  public Integer getNumTurns() {
    return numTurns;
  }

  public void setNumTurns(Integer numTurns) {
    this.numTurns = numTurns;
  }

  public String getSessionID() {
    return sessionID;
  }

  public void setSessionID(String sessionID) {
    this.sessionID = sessionID;
  }

  public String getSummary() {
    return summary;
  }

  public void setSummary(String summary) {
    this.summary = summary;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public Integer getAttempt() {
    return attempt;
  }

  public void setAttempt(Integer attempt) {
    this.attempt = attempt;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getMergedCommit() {
    return mergedCommit;
  }

  public void setMergedCommit(String mergedCommit) {
    this.mergedCommit = mergedCommit;
  }

  public PullRequestStatus getPullRequest() {
    return pullRequest;
  }

  public void setPullRequest(PullRequestStatus pullRequest) {
    this.pullRequest = pullRequest;
  }
}
