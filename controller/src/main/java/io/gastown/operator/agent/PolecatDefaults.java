package io.gastown.operator.agent;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.gastown.operator.api.polecat.AgentConfig;
import io.gastown.operator.api.polecat.DesiredState;
import io.gastown.operator.api.polecat.ExecutionMode;
import io.gastown.operator.api.polecat.ForgeProvider;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.api.polecat.PolecatTemplate;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.SecretKeyReference;
import io.gastown.operator.api.polecat.TektonSpec;
import io.gastown.operator.api.polecat.TokenSecretReference;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.AgentDefaults;
import io.gastown.operator.common.Names;
import java.net.URI;
import java.util.Optional;

/**
 * Every optional field of a Polecat, resolved once: its own value, else its Rig's
 * {@code polecatDefaults} (and the Rig's {@code gitURL} for the repository), else the operator's
 * default. The validator, the secret check, both builders, the failure messages and {@code render}
 * read only the effective spec, so no default is written twice.
 */
public final class PolecatDefaults {

  public static final String GIT_BRANCH = "main";
  public static final long ACTIVE_DEADLINE_SECONDS = 3600L;
  public static final int MAX_TURNS = 50;
  public static final String WORKSPACE_SIZE = "1Gi";
  public static final int STUCK_THRESHOLD_SECONDS = 900;
  public static final String GITHUB_API_URL = "https://api.github.com";
  public static final String GITLAB_API_URL = "https://gitlab.com/api/v4";
  public static final String TOKEN_KEY = "token";

  /**
   * What an agent container may use when neither the Polecat nor its Rig says: enough for Claude
   * Code and git, bounded so that one agent cannot exhaust the node's memory or disk.
   */
  public static final ResourceRequirements RESOURCES = new ResourceRequirementsBuilder()
      .addToRequests("cpu", new Quantity("250m"))
      .addToRequests("memory", new Quantity("512Mi"))
      .addToRequests("ephemeral-storage", new Quantity("1Gi"))
      .addToLimits("memory", new Quantity("4Gi"))
      .addToLimits("ephemeral-storage", new Quantity("10Gi"))
      .build();

  private PolecatDefaults() {}

  /**
   * The Polecat as it runs: the same metadata and status, and a spec in which every optional field
   * is set. The result shares unchanged values with its inputs: treat it as read-only.
   *
   * @param rig the Rig the Polecat names, or null when it names none that exists
   */
  public static Polecat resolve(Polecat polecat, Rig rig, AgentDefaults operator) {
    return resolve(polecat, rig, null, operator);
  }

  /**
   * @param witnessStuckSeconds the stuckThreshold of the rig's Witness in the Polecat's namespace, or null
   */
  public static Polecat resolve(Polecat polecat, Rig rig, Long witnessStuckSeconds, AgentDefaults operator) {
    PolecatSpec own = polecat.getSpec();
    PolecatTemplate fromRig = rig == null || rig.getSpec().getPolecatDefaults() == null
        ? new PolecatTemplate() : rig.getSpec().getPolecatDefaults();
    PolecatSpec spec = new PolecatSpec();
    spec.setRig(own.getRig());
    spec.setBeadID(own.getBeadID());
    spec.setTaskDescription(own.getTaskDescription());
    spec.setDesiredState(first(own.getDesiredState(), DesiredState.Idle));
    spec.setExecutionMode(first(own.getExecutionMode(), fromRig.getExecutionMode(), ExecutionMode.KUBERNETES));
    spec.setKubernetes(kubernetes(own, orEmpty(fromRig.getKubernetes()), rig, operator));
    spec.setTekton(tekton(orEmpty(own.getTekton()), orEmpty(fromRig.getTekton())));
    spec.setAgentConfig(agentConfig(orEmpty(own.getAgentConfig()), orEmpty(fromRig.getAgentConfig()), witnessStuckSeconds, operator));
    spec.setTtlSecondsAfterFinished(first(own.getTtlSecondsAfterFinished(), fromRig.getTtlSecondsAfterFinished()));
    spec.setPullRequest(pullRequest(own.getPullRequest(), fromRig.getPullRequest(), spec.getKubernetes()));
    Polecat effective = new Polecat();
    effective.setMetadata(polecat.getMetadata());
    effective.setSpec(spec);
    effective.setStatus(polecat.getStatus());
    return effective;
  }

  private static KubernetesSpec kubernetes(PolecatSpec own, KubernetesSpec rig, Rig rigObject, AgentDefaults operator) {
    KubernetesSpec mine = orEmpty(own.getKubernetes());
    KubernetesSpec k8s = new KubernetesSpec();
    k8s.setGitRepository(first(text(mine.getGitRepository()), rigObject == null ? null : text(rigObject.getSpec().getGitURL())));
    k8s.setGitBranch(first(text(mine.getGitBranch()), text(rig.getGitBranch()), GIT_BRANCH));
    k8s.setWorkBranch(workBranch(own));
    k8s.setGitSecretRef(first(mine.getGitSecretRef(), rig.getGitSecretRef()));
    k8s.setClaudeCredsSecretRef(first(mine.getClaudeCredsSecretRef(), rig.getClaudeCredsSecretRef()));
    k8s.setApiKeySecretRef(apiKey(first(mine.getApiKeySecretRef(), rig.getApiKeySecretRef())));
    k8s.setImage(first(text(mine.getImage()), text(rig.getImage()), operator.image()));
    k8s.setActiveDeadlineSeconds(first(mine.getActiveDeadlineSeconds(), rig.getActiveDeadlineSeconds(), ACTIVE_DEADLINE_SECONDS));
    k8s.setResources(first(mine.getResources(), rig.getResources(), RESOURCES));
    k8s.setServiceAccountName(first(text(mine.getServiceAccountName()), text(rig.getServiceAccountName())));
    return k8s;
  }

  /** What a Polecat of the rig that sets nothing itself clones: the Rig's gitURL, its default branch, SSH key and image. */
  public static KubernetesSpec rigRepository(Rig rig, AgentDefaults operator) {
    return kubernetes(new PolecatSpec(), orEmpty(rig.getSpec().getPolecatDefaults() == null ? null
        : rig.getSpec().getPolecatDefaults().getKubernetes()), rig, operator);
  }

  /** The branch a Polecat pushes: its own workBranch (a Rig supplies none), else feature/<beadID>. */
  public static String workBranch(PolecatSpec spec) {
    String own = spec.getKubernetes() == null ? null : text(spec.getKubernetes().getWorkBranch());
    return own != null || spec.getBeadID() == null ? own : Names.defaultWorkBranch(spec.getBeadID());
  }

  private static SecretKeyReference apiKey(SecretKeyReference ref) {
    if (ref == null || (ref.getKey() != null && !ref.getKey().isEmpty())) {
      return ref;
    }
    SecretKeyReference withKey = new SecretKeyReference();
    withKey.setName(ref.getName());
    withKey.setKey(SecretKeyNames.DEFAULT_API_KEY);
    return withKey;
  }

  private static TektonSpec tekton(TektonSpec mine, TektonSpec rig) {
    TektonSpec tekton = new TektonSpec();
    tekton.setGitCloneTaskRef(first(mine.getGitCloneTaskRef(), rig.getGitCloneTaskRef()));
    tekton.setClaudeTaskRef(first(mine.getClaudeTaskRef(), rig.getClaudeTaskRef()));
    tekton.setWorkspaceSize(first(text(mine.getWorkspaceSize()), text(rig.getWorkspaceSize()), WORKSPACE_SIZE));
    tekton.setStorageClassName(first(text(mine.getStorageClassName()), text(rig.getStorageClassName())));
    tekton.setServiceAccountName(first(text(mine.getServiceAccountName()), text(rig.getServiceAccountName())));
    return tekton;
  }

  private static AgentConfig agentConfig(AgentConfig mine, AgentConfig rig, Long witnessStuckSeconds, AgentDefaults operator) {
    AgentConfig agent = new AgentConfig();
    agent.setModel(first(text(mine.getModel()), text(rig.getModel())));
    agent.setMaxTurns(first(mine.getMaxTurns(), rig.getMaxTurns(), MAX_TURNS));
    agent.setMaxBudgetUSD(first(text(mine.getMaxBudgetUSD()), text(rig.getMaxBudgetUSD())));
    agent.setBaseURL(first(text(mine.getBaseURL()), text(rig.getBaseURL()), text(operator.endpoint().defaultBaseUrl())));
    agent.setStuckThresholdSeconds(first(mine.getStuckThresholdSeconds(), rig.getStuckThresholdSeconds(),
        witnessStuckSeconds == null ? null : (int) Math.min(Integer.MAX_VALUE, witnessStuckSeconds), STUCK_THRESHOLD_SECONDS));
    agent.setEnv(first(mine.getEnv(), rig.getEnv()));
    agent.setArgs(first(mine.getArgs(), rig.getArgs()));
    return agent;
  }

  /**
   * spec.pullRequest field by field over the Rig's; null when neither sets it. The repository
   * defaults to the path of the git URL, the base branch to the branch the Polecat clones.
   */
  static PullRequestSpec pullRequest(PullRequestSpec mine, PullRequestSpec rig, KubernetesSpec k8s) {
    if (mine == null && rig == null) {
      return null;
    }
    return pullRequest(mine, rig, k8s.getGitRepository(), k8s.getGitBranch());
  }

  /**
   * {@code mine} field by field over {@code rig} (either may be null), every default applied: the
   * repository from the path of {@code gitURL} (none when it is null), the base branch {@code baseBranch}.
   */
  public static PullRequestSpec pullRequest(PullRequestSpec mine, PullRequestSpec rig, String gitURL, String baseBranch) {
    mine = mine == null ? new PullRequestSpec() : mine;
    rig = rig == null ? new PullRequestSpec() : rig;
    PullRequestSpec pr = new PullRequestSpec();
    pr.setEnabled(first(mine.getEnabled(), rig.getEnabled(), Boolean.FALSE));
    pr.setProvider(first(mine.getProvider(), rig.getProvider(), ForgeProvider.GITHUB));
    pr.setApiURL(first(text(mine.getApiURL()), text(rig.getApiURL()), defaultApiUrl(pr.getProvider())));
    pr.setRepository(first(text(mine.getRepository()), text(rig.getRepository()), repositoryPath(gitURL)));
    pr.setTokenSecretRef(token(first(mine.getTokenSecretRef(), rig.getTokenSecretRef())));
    pr.setDraft(first(mine.getDraft(), rig.getDraft(), Boolean.FALSE));
    pr.setBaseBranch(first(text(mine.getBaseBranch()), text(rig.getBaseBranch()), baseBranch));
    pr.setCommentOnIssue(first(mine.getCommentOnIssue(), rig.getCommentOnIssue(), Boolean.TRUE));
    pr.setIssue(first(text(mine.getIssue()), text(rig.getIssue())));
    return pr;
  }

  public static String defaultApiUrl(ForgeProvider provider) {
    return provider == ForgeProvider.GITLAB ? GITLAB_API_URL : GITHUB_API_URL;
  }

  /**
   * The forge's name of the repository a git URL points to: the path after the host, without a
   * leading {@code /}, a trailing {@code /} or {@code .git} ({@code git@github.com:org/repo.git} and
   * {@code https://github.com/org/repo} give {@code org/repo}, {@code ssh://git@host:2222/srv/git/org/repo.git}
   * gives {@code srv/git/org/repo}); null when the URL has no such path.
   */
  public static String repositoryPath(String gitUrl) {
    if (gitUrl == null || gitUrl.isBlank()) {
      return null;
    }
    String path;
    if (gitUrl.contains("://")) {
      try {
        path = URI.create(gitUrl).getPath();
      } catch (IllegalArgumentException e) {
        return null;
      }
    } else {
      int colon = gitUrl.indexOf(':');
      path = colon < 0 ? gitUrl : gitUrl.substring(colon + 1);
    }
    if (path == null) {
      return null;
    }
    path = path.replaceAll("^/+", "").replaceAll("/+$", "");
    if (path.endsWith(".git")) {
      path = path.substring(0, path.length() - ".git".length());
    }
    return path.isEmpty() ? null : path;
  }

  private static TokenSecretReference token(TokenSecretReference ref) {
    if (ref == null || text(ref.getKey()) != null) {
      return ref;
    }
    return new TokenSecretReference(ref.getName(), TOKEN_KEY);
  }

  @SafeVarargs
  private static <T> T first(T... values) {
    for (T value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** An empty string is as good as unset: the CRD allows one and the steps treat it so. */
  private static String text(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static KubernetesSpec orEmpty(KubernetesSpec spec) {
    return Optional.ofNullable(spec).orElseGet(KubernetesSpec::new);
  }

  private static TektonSpec orEmpty(TektonSpec spec) {
    return Optional.ofNullable(spec).orElseGet(TektonSpec::new);
  }

  private static AgentConfig orEmpty(AgentConfig spec) {
    return Optional.ofNullable(spec).orElseGet(AgentConfig::new);
  }
}
