package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Settings of the tekton execution mode. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TektonSpec {

  @JsonPropertyDescription("Run this Task instead of the bundled gastown-git-clone.")
  private TaskReference gitCloneTaskRef;

  @JsonPropertyDescription("Run this Task instead of the bundled gastown-claude.")
  private TaskReference claudeTaskRef;

  @JsonPropertyDescription("Size of the workspace PVC shared by the two TaskRuns (default: the Rig's, else 1Gi).")
  private String workspaceSize;

  @JsonPropertyDescription("Storage class of the workspace PVC; the cluster default when empty.")
  private String storageClassName;

  @JsonPropertyDescription("Service account of the TaskRuns.")
  private String serviceAccountName;

  public TaskReference getGitCloneTaskRef() {
    return gitCloneTaskRef;
  }

  public void setGitCloneTaskRef(TaskReference gitCloneTaskRef) {
    this.gitCloneTaskRef = gitCloneTaskRef;
  }

  public TaskReference getClaudeTaskRef() {
    return claudeTaskRef;
  }

  public void setClaudeTaskRef(TaskReference claudeTaskRef) {
    this.claudeTaskRef = claudeTaskRef;
  }

  public String getWorkspaceSize() {
    return workspaceSize;
  }

  public void setWorkspaceSize(String workspaceSize) {
    this.workspaceSize = workspaceSize;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }
}
