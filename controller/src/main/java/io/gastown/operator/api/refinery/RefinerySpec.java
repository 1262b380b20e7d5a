package io.gastown.operator.api.refinery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.SecretReference;
import io.gastown.operator.api.polecat.TaskReference;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RefinerySpec {

  @Required
  @Pattern(PolecatSpec.BEAD_ID_PATTERN)
  @JsonPropertyDescription("The rig whose finished Polecats are merged: Polecats with spec.rig equal to this, in this namespace.")
  private String rigRef;

  @Size(max = 2048)
  @Pattern(KubernetesSpec.GIT_URL_PATTERN)
  @JsonPropertyDescription("The repository to merge into: git@host:org/repo.git, ssh:// or https://, with no credential in it (use gitSecretRef). Defaults to the gitURL of the Rig named by rigRef.")
  private String gitRepository;

  @Default("main")
  @Pattern(KubernetesSpec.BRANCH_PATTERN)
  @JsonPropertyDescription("The branch the Polecat branches are merged into.")
  private String targetBranch;

  @Size(max = 4096)
  @JsonPropertyDescription("Command run in the merged tree before pushing, e.g. \"make test\", in a pod with no git credential; a non-zero exit rejects the merge.")
  private String testCommand;

  @Default("merge")
  @JsonPropertyDescription("merge (a merge commit), rebase (linear history) or squash (one commit per Polecat).")
  private MergeStrategy strategy;

  @Default("push")
  @JsonPropertyDescription("push (the Refinery pushes the tested merge to targetBranch) or pull-request (it opens or updates a pull request with exactly the tested merge, for protected target branches; the forge merges).")
  private MergeVia mergeVia;

  @JsonPropertyDescription("The forge of mergeVia pull-request: provider, apiURL, repository, tokenSecretRef, draft. Defaults to the Rig's polecatDefaults.pullRequest.")
  private PullRequestSpec pullRequest;

  @Default("1")
  @Min(1)
  @JsonPropertyDescription("How many merges run at once. With 1, merges are strictly sequential.")
  private Integer parallelism;

  @JsonPropertyDescription("Secret with the SSH private key (key ssh-privatekey, optional known_hosts) that can push the target branch.")
  private SecretReference gitSecretRef;

  @Size(max = 512)
  @JsonPropertyDescription("Image of the merge steps (bash, git, ssh). Defaults to the operator's agent image.")
  private String image;

  @JsonPropertyDescription("Run this Pipeline instead of the bundled gastown-refinery-merge.")
  private TaskReference pipelineRef;

  @JsonPropertyDescription("Service account of the merge PipelineRuns.")
  private String serviceAccountName;

  public String getRigRef() {
    return rigRef;
  }

  public void setRigRef(String rigRef) {
    this.rigRef = rigRef;
  }

  public String getGitRepository() {
    return gitRepository;
  }

  public void setGitRepository(String gitRepository) {
    this.gitRepository = gitRepository;
  }

  public String getTargetBranch() {
    return targetBranch;
  }

  public void setTargetBranch(String targetBranch) {
    this.targetBranch = targetBranch;
  }

  public String getTestCommand() {
    return testCommand;
  }

  public void setTestCommand(String testCommand) {
    this.testCommand = testCommand;
  }

  public MergeStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(MergeStrategy strategy) {
    this.strategy = strategy;
  }

  public Integer getParallelism() {
    return parallelism;
  }

  public void setParallelism(Integer parallelism) {
    this.parallelism = parallelism;
  }

  public SecretReference getGitSecretRef() {
    return gitSecretRef;
  }

  public void setGitSecretRef(SecretReference gitSecretRef) {
    this.gitSecretRef = gitSecretRef;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public TaskReference getPipelineRef() {
    return pipelineRef;
  }

  public void setPipelineRef(TaskReference pipelineRef) {
    this.pipelineRef = pipelineRef;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public MergeVia getMergeVia() {
    return mergeVia;
  }

  public void setMergeVia(MergeVia mergeVia) {
    this.mergeVia = mergeVia;
  }

  public PullRequestSpec getPullRequest() {
    return pullRequest;
  }

  public void setPullRequest(PullRequestSpec pullRequest) {
    this.pullRequest = pullRequest;
  }
}
