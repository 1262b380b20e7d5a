package io.gastown.operator.refinery;

import io.fabric8.knative.pkg.apis.Condition;
import io.fabric8.tekton.v1.PipelineRun;
import io.gastown.operator.tekton.RunStatus;
import java.util.Map;
import java.util.Optional;

/**
 * How a finished merge PipelineRun ended, from its results (outcome, merged-commit, summary) or,
 * when the pipeline itself failed, from its Succeeded condition.
 */
public record MergeOutcome(String outcome, String mergedCommit, String message) {

  public static final String MERGED = "merged";
  public static final String CONFLICT = "conflict";
  public static final String TESTS_FAILED = "tests-failed";
  public static final String PUSH_FAILED = "push-failed";
  public static final String FAILED = "failed";
  public static final String SOURCE_MOVED = "source-moved";

  /** Empty while the run has not finished. */
  public static Optional<MergeOutcome> of(PipelineRun run) {
    Optional<Condition> done = RunStatus.succeeded(run).filter(c -> !"Unknown".equals(c.getStatus()));
    if (done.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> results = RunStatus.results(run);
    String outcome = results.get("outcome");
    if (outcome == null || outcome.isBlank()) {
      String why = "True".equals(done.get().getStatus()) ? "the merge pipeline reported no outcome"
          : "the merge pipeline failed (" + done.get().getReason() + "): " + done.get().getMessage();
      return Optional.of(new MergeOutcome(FAILED, null, why + "; run tkn pipelinerun logs "
          + run.getMetadata().getName() + " -n " + run.getMetadata().getNamespace()));
    }
    String commit = results.get("merged-commit");
    return Optional.of(new MergeOutcome(outcome.trim(), commit == null || commit.isBlank() ? null : commit.trim(),
        results.getOrDefault("summary", "")));
  }

  public boolean merged() {
    return MERGED.equals(outcome);
  }

  /** The reason of the Polecat's Merged condition. */
  public String reason() {
    return switch (outcome) {
      case MERGED -> "Merged";
      case CONFLICT -> "Conflict";
      case TESTS_FAILED -> "TestsFailed";
      case PUSH_FAILED -> "PushFailed";
      case SOURCE_MOVED -> "SourceMoved";
      default -> "MergeFailed";
    };
  }

}
