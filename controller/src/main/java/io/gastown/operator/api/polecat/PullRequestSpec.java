package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * Results back to the forge: a pull request (GitHub) or merge request (GitLab) from the work
 * branch, and a comment on the originating issue. A Rig's polecatDefaults can supply every field;
 * a Refinery in pull-request mode uses the forge fields (provider, apiURL, repository,
 * tokenSecretRef, draft).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PullRequestSpec {

  public static final String API_URL_PATTERN = "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$";
  public static final String REPOSITORY_PATTERN = "^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+$";

  @JsonPropertyDescription("Open a pull request after a successful push (default false).")
  private Boolean enabled;

  @JsonPropertyDescription("github (default) or gitlab.")
  private ForgeProvider provider;

  @Size(max = 512)
  @Pattern(API_URL_PATTERN)
  @JsonPropertyDescription("The forge's REST API, for self-hosted forges. Defaults to https://api.github.com or https://gitlab.com/api/v4.")
  private String apiURL;

  @Size(max = 256)
  @Pattern(REPOSITORY_PATTERN)
  @JsonPropertyDescription("owner/repo (GitHub) or group/project (GitLab). Defaults to the path of the git repository URL, without .git.")
  private String repository;

  @JsonPropertyDescription("Secret with the forge API token (key token by default). Only the step that talks to the forge mounts it; never the agent.")
  private TokenSecretReference tokenSecretRef;

  @JsonPropertyDescription("Open the pull request as a draft.")
  private Boolean draft;

  @Size(max = 200)
  @Pattern(KubernetesSpec.BRANCH_PATTERN)
  @JsonPropertyDescription("The pull request's base branch. Defaults to the Polecat's gitBranch.")
  private String baseBranch;

  @JsonPropertyDescription("Comment on the originating issue (spec.pullRequest.issue) with the outcome, also on failure (default true).")
  private Boolean commentOnIssue;

  @Pattern("^[1-9][0-9]{0,9}$")
  @JsonPropertyDescription("Number (GitHub) or iid (GitLab) of the issue the work comes from; the pull request links it and the comment goes there.")
  private String issue;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public ForgeProvider getProvider() {
    return provider;
  }

  public void setProvider(ForgeProvider provider) {
    this.provider = provider;
  }

  public String getApiURL() {
    return apiURL;
  }

  public void setApiURL(String apiURL) {
    this.apiURL = apiURL;
  }

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
  }

  public TokenSecretReference getTokenSecretRef() {
    return tokenSecretRef;
  }

  public void setTokenSecretRef(TokenSecretReference tokenSecretRef) {
    this.tokenSecretRef = tokenSecretRef;
  }

  public Boolean getDraft() {
    return draft;
  }

  public void setDraft(Boolean draft) {
    this.draft = draft;
  }

  public String getBaseBranch() {
    return baseBranch;
  }

  public void setBaseBranch(String baseBranch) {
    this.baseBranch = baseBranch;
  }

  public Boolean getCommentOnIssue() {
    return commentOnIssue;
  }

  public void setCommentOnIssue(Boolean commentOnIssue) {
    this.commentOnIssue = commentOnIssue;
  }

  public String getIssue() {
    return issue;
  }

  public void setIssue(String issue) {
    this.issue = issue;
  }
}
