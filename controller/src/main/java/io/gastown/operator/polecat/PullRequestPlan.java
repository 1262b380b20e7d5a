package io.gastown.operator.polecat;

import io.gastown.operator.agent.AgentResult;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.polecat.PullRequestSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the forge step does after a Polecat's run, as a pure function of its effective spec and
 * status: open (or update) the pull request after a run that pushed; only comment on the issue
 * after a run that failed or pushed nothing; nothing when pull requests are off, for a stopped
 * Polecat, or when there is no issue to comment on.
 *
 * @param open true: open or update the pull request; false: comment on the issue only
 * @param params the params of gastown-pull-request
 */
public record PullRequestPlan(boolean open, Map<String, String> params) {

  /**
   * @param polecat resolved by {@link io.gastown.operator.agent.PolecatDefaults#resolve}, its run ended
   * @param retryComing a Witness runs the Polecat again: its failure is posted after the last attempt only
   */
  public static Optional<PullRequestPlan> of(Polecat polecat, boolean retryComing) {
    PullRequestSpec pr = polecat.getSpec().getPullRequest();
    PolecatStatus status = polecat.getStatus();
    if (!enabled(pr) || status == null || status.getPhase() == null) {
      return Optional.empty();
    }
    boolean pushed = status.getPhase() == PolecatPhase.Done && Boolean.TRUE.equals(status.getPushed())
        && AgentResult.SUCCEEDED.equals(status.getOutcome());
    boolean comments = pr.getIssue() != null && !Boolean.FALSE.equals(pr.getCommentOnIssue());
    if (pushed) {
      return Optional.of(new PullRequestPlan(true, params(polecat, true, comments)));
    }
    boolean failed = status.getPhase() == PolecatPhase.Failed || status.getPhase() == PolecatPhase.Stuck;
    boolean nothingPushed = status.getPhase() == PolecatPhase.Done;
    if (((failed && !retryComing) || nothingPushed) && comments) {
      return Optional.of(new PullRequestPlan(false, params(polecat, false, true)));
    }
    return Optional.empty();
  }

  /** spec.pullRequest.enabled of an effective spec. */
  public static boolean enabled(PullRequestSpec pr) {
    return pr != null && Boolean.TRUE.equals(pr.getEnabled());
  }

  private static Map<String, String> params(Polecat polecat, boolean open, boolean comment) {
    PullRequestSpec pr = polecat.getSpec().getPullRequest();
    PolecatStatus status = polecat.getStatus();
    Map<String, String> params = new HashMap<>();
    params.put("provider", pr.getProvider().param());
    params.put("api-url", pr.getApiURL());
    params.put("repository", pr.getRepository());
    params.put("head-branch", status.getBranch() != null ? status.getBranch() : polecat.getSpec().getKubernetes().getWorkBranch());
    params.put("base-branch", pr.getBaseBranch());
    params.put("title", PullRequestTexts.title(polecat));
    params.put("body", PullRequestTexts.body(polecat));
    params.put("draft", Boolean.toString(Boolean.TRUE.equals(pr.getDraft())));
    params.put("open", Boolean.toString(open));
    params.put("issue", pr.getIssue() == null ? "" : pr.getIssue());
    params.put("comment", comment ? PullRequestTexts.comment(polecat) : "");
    return Map.copyOf(params);
  }
}
