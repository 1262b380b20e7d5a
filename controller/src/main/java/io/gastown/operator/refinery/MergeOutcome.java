package io.gastown.operator.refinery;

import io.fabric8.knative.pkg.apis.Condition;
import io.fabric8.tekton.v1.PipelineRun;
import io.gastown.operator.tekton.RunStatus;
import java.util.Map;
import java.util.Optional;

/**
 * How a finished merge PipelineRun ended, from its results (outcome, merged-commit, summary, and
 * in pull-request mode the pull-request-* results) or, when the pipeline itself failed, from its
 * Succeeded condition.
 *
 * @param mergedCommit the target's new head; null unless merged
 * @param testedCommit pull-request mode: the tested merge on the head branch
 */
public record MergeOutcome(String outcome, String mergedCommit, String message, String testedCommit,
    String pullRequestURL, Integer pullRequestNumber) {

  public static final String MERGED = "merged";
  public static final String CONFLICT = "conflict";
  public static final String TESTS_FAILED = "tests-failed";
  public static final String PUSH_FAILED = "push-failed";
  public static final String FAILED = "failed";
  public static final String SOURCE_MOVED = "source-moved";
  /** pull-request mode, from the push step's head-pushed and the pull-request step's outcome. */
  public static final String PULL_REQUEST_OPENED = "pull-request-opened";
  public static final String PULL_REQUEST_UPDATED = "pull-request-updated";
  public static final String PULL_REQUEST_FAILED = "pull-request-failed";

  public MergeOutcome(String outcome, String mergedCommit, String message) {
    this(outcome, mergedCommit, message, null, null, null);
  }

  /** Empty while the run has not finished. */
  public static Optional<MergeOutcome> of(PipelineRun run) {
    Optional<Condition> done = RunStatus.succeeded(run).filter(c -> !"Unknown".equals(c.getStatus()));
    if (done.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> results = RunStatus.results(run);
    String outcome = results.get("outcome");
    String logs = "tkn pipelinerun logs " + run.getMetadata().getName() + " -n " + run.getMetadata().getNamespace();
    if (outcome == null || outcome.isBlank()) {
      String why = "True".equals(done.get().getStatus()) ? "the merge pipeline reported no outcome"
          : "the merge pipeline failed (" + done.get().getReason() + "): " + done.get().getMessage();
      return Optional.of(new MergeOutcome(FAILED, null, why + "; run " + logs));
    }
    String commit = value(results, "merged-commit");
    // The push step's outcome in pull-request mode: what is recorded is what became of the pull request.
    if ("head-pushed".equals(outcome.trim())) {
      return Optional.of(pullRequest(results, commit, done.get(), logs));
    }
    return Optional.of(new MergeOutcome(outcome.trim(), commit, results.getOrDefault("summary", "")));
  }

  /** The tested merge is on the head branch; what became of its pull request. */
  private static MergeOutcome pullRequest(Map<String, String> results, String tested, Condition done, String logs) {
    String url = value(results, "pull-request-url");
    Integer number = number(value(results, "pull-request-number"));
    String said = value(results, "pull-request-message");
    String outcome = switch (String.valueOf(value(results, "pull-request-outcome"))) {
      case "opened" -> PULL_REQUEST_OPENED;
      case "updated" -> PULL_REQUEST_UPDATED;
      default -> PULL_REQUEST_FAILED;
    };
    String message = outcome.equals(PULL_REQUEST_FAILED)
        ? "The tested merge " + tested + " is on the head branch, but no pull request was opened: "
            + (said != null ? said : "the pull-request task " + ("True".equals(done.getStatus()) ? "did not run"
                : "failed (" + done.getReason() + ")")) + "; run " + logs + " -t pull-request"
        : results.getOrDefault("summary", "");
    return new MergeOutcome(outcome, null, message, tested, url, number);
  }

  private static String value(Map<String, String> results, String name) {
    String v = results.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static Integer number(String value) {
    try {
      return value == null ? null : Integer.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public boolean merged() {
    return MERGED.equals(outcome);
  }

  /** pull-request mode: the tested merge is in an open pull request, awaiting the forge's merge. */
  public boolean pullRequestOpen() {
    return PULL_REQUEST_OPENED.equals(outcome) || PULL_REQUEST_UPDATED.equals(outcome);
  }

  /** The reason of the Polecat's Merged condition. */
  public String reason() {
    return switch (outcome) {
      case MERGED -> "Merged";
      case CONFLICT -> "Conflict";
      case TESTS_FAILED -> "TestsFailed";
      case PUSH_FAILED -> "PushFailed";
      case SOURCE_MOVED -> "SourceMoved";
      case PULL_REQUEST_OPENED, PULL_REQUEST_UPDATED -> "PullRequestOpened";
      case PULL_REQUEST_FAILED -> "PullRequestFailed";
      default -> "MergeFailed";
    };
  }

}
