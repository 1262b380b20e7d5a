package io.gastown.operator.refinery;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.tekton.v1.PipelineRun;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.Labels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The merge queue of a rig, derived from cluster state only (the Polecats and the Refinery's
 * PipelineRuns), so it survives restarts. A Polecat is queued once it is Done with a pushed
 * branch and a reported commit, in completion order, and leaves the queue for good when its
 * Merged condition records an outcome. A push rejected because the target moved is queued again,
 * up to {@link #MAX_ATTEMPTS}. Only Polecats of the Refinery's own repository are merged.
 */
public final class MergeQueue {

  public static final String MERGED_CONDITION = "Merged";
  public static final int MAX_ATTEMPTS = 5;

  /** A merge to start: the Polecat and the attempt it would be. */
  public record Item(Polecat polecat, int attempt) {}

  /** A run that finished and whose outcome is not yet on its Polecat. */
  public record Finished(Polecat polecat, PipelineRun run, MergeOutcome outcome) {}

  /**
   * @param eligible every Done Polecat of the rig with a pushed branch
   * @param finished outcomes to record
   * @param running merges in flight, oldest first
   * @param queue merges waiting, in completion order
   */
  public record Plan(List<Polecat> eligible, List<Finished> finished, List<PipelineRun> running, List<Item> queue) {}

  private static final Comparator<Polecat> COMPLETION_ORDER = Comparator
      .comparing((Polecat p) -> Objects.toString(p.getStatus().getCompletionTime(), ""))
      .thenComparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
      .thenComparing(p -> p.getMetadata().getName());

  private MergeQueue() {}

  /**
   * @param rigGitURL the gitURL of the Refinery's Rig, the repository of its Polecats that name none; null without a Rig
   */
  public static Plan plan(String repository, String rigGitURL, Collection<Polecat> rigPolecats, Collection<PipelineRun> runs) {
    List<Polecat> eligible = rigPolecats.stream()
        .filter(MergeQueue::isEligible)
        .filter(p -> sameRepository(repository, repositoryOf(p, rigGitURL)))
        .sorted(COMPLETION_ORDER).toList();
    List<Finished> finished = new ArrayList<>();
    List<PipelineRun> running = new ArrayList<>();
    List<Item> queue = new ArrayList<>();
    for (Polecat polecat : eligible) {
      if (outcomeRecorded(polecat)) {
        continue;
      }
      Optional<PipelineRun> latest = runs.stream()
          .filter(run -> isFor(run, polecat))
          .max(Comparator.comparingInt(MergeQueue::attempt));
      if (latest.isEmpty()) {
        queue.add(new Item(polecat, 1));
        continue;
      }
      Optional<MergeOutcome> outcome = MergeOutcome.of(latest.get());
      if (outcome.isEmpty()) {
        running.add(latest.get());
      } else if (MergeOutcome.PUSH_FAILED.equals(outcome.get().outcome()) && attempt(latest.get()) < MAX_ATTEMPTS) {
        queue.add(new Item(polecat, attempt(latest.get()) + 1));
      } else {
        finished.add(new Finished(polecat, latest.get(), outcome.get()));
      }
    }
    running.sort(Comparator.comparing(run -> Objects.toString(run.getMetadata().getCreationTimestamp(), "")));
    return new Plan(eligible, finished, running, queue);
  }

  public static boolean isEligible(Polecat polecat) {
    PolecatStatus status = polecat.getStatus();
    return status != null && status.getPhase() == PolecatPhase.Done && Boolean.TRUE.equals(status.getPushed())
        && status.getBranch() != null && status.getCommit() != null;
  }

  private static String repositoryOf(Polecat polecat, String rigGitURL) {
    var k8s = polecat.getSpec().getKubernetes();
    String own = k8s == null ? null : k8s.getGitRepository();
    return own == null || own.isEmpty() ? rigGitURL : own;
  }

  /** The same repository, written alike: only a trailing ".git" or "/" may differ. */
  static boolean sameRepository(String refinery, String polecat) {
    return refinery != null && polecat != null && normalized(refinery).equals(normalized(polecat));
  }

  private static String normalized(String url) {
    String u = url.trim().replaceAll("/+$", "");
    return u.endsWith(".git") ? u.substring(0, u.length() - 4) : u;
  }

  public static Optional<Condition> mergedCondition(Polecat polecat) {
    return Conditions.find(polecat.getStatus().getConditions(), MERGED_CONDITION);
  }

  public static boolean outcomeRecorded(Polecat polecat) {
    return mergedCondition(polecat).isPresent();
  }

  static boolean isFor(PipelineRun run, Polecat polecat) {
    var labels = run.getMetadata().getLabels();
    return labels != null && polecat.getMetadata().getName().equals(labels.get(Labels.POLECAT))
        && Objects.equals(polecat.getMetadata().getUid(), labels.get(Labels.POLECAT_UID));
  }

  static int attempt(PipelineRun run) {
    var labels = run.getMetadata().getLabels();
    try {
      return labels == null ? 1 : Integer.parseInt(labels.getOrDefault(Labels.ATTEMPT, "1"));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
