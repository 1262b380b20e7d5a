package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KubernetesSpec {

  /**
   * Branch names git accepts that are also inert in a shell: no spaces, quotes, '$', '`', ';',
   * '..', '~', '^', ':', '?', '*', '[' or '\'.
   */
  public static final String BRANCH_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$";

  /**
   * The git URLs a Polecat or a Refinery may name: ssh (user@host:path or ssh://) and https, with
   * no credential in them (an ssh user name is not one).
   */
  public static final String GIT_URL_PATTERN = "^([A-Za-z0-9][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9.-]*:[A-Za-z0-9._~/-]+"
      + "|ssh://([A-Za-z0-9][A-Za-z0-9._-]*@)?[A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]+)?(/[A-Za-z0-9._~%+/-]*)?"
      + "|https://[A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]+)?(/[A-Za-z0-9._~%+/-]*)?)$";

  @Size(max = 2048)
  @Pattern(GIT_URL_PATTERN)
  @JsonPropertyDescription("Repository to clone and push to: git@host:org/repo.git, ssh:// or https://, with no credential in it (use gitSecretRef). Required unless spec.rig names a Rig: then the Rig's gitURL.")
  private String gitRepository;

  @Pattern(BRANCH_PATTERN)
  @JsonPropertyDescription("Branch to clone and start from (default: the Rig's, else main).")
  private String gitBranch;

  @Pattern(BRANCH_PATTERN)
  @JsonPropertyDescription("Branch the agent commits to and pushes. Defaults to feature/<beadID>.")
  private String workBranch;

  @JsonPropertyDescription("Secret with the SSH private key (key ssh-privatekey, optional known_hosts).")
  private SecretReference gitSecretRef;

  @JsonPropertyDescription("Secret with Claude Code OAuth credentials (key .credentials.json) or a claude setup-token token (key oauth-token).")
  private SecretReference claudeCredsSecretRef;

  @JsonPropertyDescription("Secret key holding an Anthropic API key, used instead of OAuth credentials.")
  private SecretKeyReference apiKeySecretRef;

  @Size(max = 512)
  @JsonPropertyDescription("Agent image with bash, git, ssh, node and Claude Code. Defaults to the operator's agent image.")
  private String image;

  @Min(1)
  @JsonPropertyDescription("Seconds the agent may run before it is stopped (default: the Rig's, else 3600).")
  private Long activeDeadlineSeconds;

  @JsonPropertyDescription("CPU, memory and ephemeral storage of the agent containers (defaults when unset: requests 250m CPU, 512Mi memory, 1Gi ephemeral storage; limits 4Gi memory, 10Gi ephemeral storage).")
  private ResourceRequirements resources;

  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Service account of the agent pod (its API token is never mounted).")
  private String serviceAccountName;

  public String getGitRepository() {
    return gitRepository;
  }

  public void setGitRepository(String gitRepository) {
    this.gitRepository = gitRepository;
  }

  public String getGitBranch() {
    return gitBranch;
  }

  public void setGitBranch(String gitBranch) {
    this.gitBranch = gitBranch;
  }

  public String getWorkBranch() {
    return workBranch;
  }

  public void setWorkBranch(String workBranch) {
    this.workBranch = workBranch;
  }

  public SecretReference getGitSecretRef() {
    return gitSecretRef;
  }

  public void setGitSecretRef(SecretReference gitSecretRef) {
    this.gitSecretRef = gitSecretRef;
  }

  public SecretReference getClaudeCredsSecretRef() {
    return claudeCredsSecretRef;
  }

  public void setClaudeCredsSecretRef(SecretReference claudeCredsSecretRef) {
    this.claudeCredsSecretRef = claudeCredsSecretRef;
  }

  public SecretKeyReference getApiKeySecretRef() {
    return apiKeySecretRef;
  }

  public void setApiKeySecretRef(SecretKeyReference apiKeySecretRef) {
    this.apiKeySecretRef = apiKeySecretRef;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public Long getActiveDeadlineSeconds() {
    return activeDeadlineSeconds;
  }

  public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
    this.activeDeadlineSeconds = activeDeadlineSeconds;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }
}
