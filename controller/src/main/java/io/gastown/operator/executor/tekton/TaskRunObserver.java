package io.gastown.operator.executor.tekton;

import io.fabric8.knative.pkg.apis.Condition;
import io.fabric8.tekton.v1.TaskRun;
import io.fabric8.tekton.v1.TaskRunStatus;
import io.gastown.operator.agent.AgentObservation;
import io.gastown.operator.agent.AgentResult;
import io.gastown.operator.agent.AgentRun;
import io.gastown.operator.agent.Problem;
import io.gastown.operator.agent.PullRequestRun;
import io.gastown.operator.agent.RunFailures;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatReason;
import io.gastown.operator.api.polecat.TaskRunState;
import io.gastown.operator.common.Timestamps;
import io.gastown.operator.steps.StepScripts;
import io.gastown.operator.tekton.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a Polecat's git-clone and claude TaskRuns the way Tekton reports them, as a pure function. */
public final class TaskRunObserver {

  static final String PENDING = "Pending";
  static final String RUNNING = "Running";
  static final String SUCCEEDED = "Succeeded";
  static final String FAILED = "Failed";
  static final String CANCELLED = "Cancelled";
  /** Tekton's reason while a TaskRun's pod cannot pull an image (pkg/pod/status.go). */
  static final String PULL_IMAGE_FAILED = "PullImageFailed";
  /** Tekton could not fetch the TaskRun's Task (a resolver's error, or the cluster resolver being off). */
  static final String RESOLUTION_FAILED = "TaskRunResolutionFailed";

  private TaskRunObserver() {}

  /**
   * @param clone the git-clone TaskRun (never null: it is created first)
   * @param claude the claude TaskRun, null until the clone succeeded and it was created
   */
  public static AgentObservation observe(Polecat polecat, TaskRun clone, TaskRun claude) {
    List<TaskRunState> states = new ArrayList<>(List.of(state(clone, StepScripts.GIT_CLONE_TASK)));
    if (claude != null) {
      states.add(state(claude, StepScripts.CLAUDE_TASK));
    }
    AgentRun run = AgentRun.taskRuns(states);
    RunFailures failures = new RunFailures(polecat);
    Instant start = Timestamps.parse(status(clone).getStartTime());
    Optional<Condition> cloneDone = RunStatus.succeeded(clone);
    if (cloneDone.isPresent() && "False".equals(cloneDone.get().getStatus())) {
      Problem why = switch (String.valueOf(cloneDone.get().getReason())) {
        case "TaskRunTimeout" -> failures.deadlineExceeded();
        case "TaskRunCancelled" -> failures.cancelled();
        case "TaskRunImagePullFailed" -> failures.imagePullFailed(cloneDone.get().getReason(), cloneDone.get().getMessage(), null);
        case RESOLUTION_FAILED -> failures.taskNotResolved(PolecatReason.CloneFailed, clone.getMetadata().getName(),
            cloneDone.get().getMessage());
        default -> failures.cloneFailed(logs(clone));
      };
      return new AgentObservation(AgentObservation.State.FAILED, run, start, completion(clone), null, why);
    }
    if (claude == null) {
      return new AgentObservation(AgentObservation.State.PENDING, run, start, null, null, pulling(failures, cloneDone));
    }
    Optional<Condition> done = RunStatus.succeeded(claude);
    AgentResult result = pushStepRan(claude) ? results(claude) : results(claude).withoutPushResults();
    if (done.isEmpty() || "Unknown".equals(done.get().getStatus())) {
      boolean running = done.isPresent() && RUNNING.equals(done.get().getReason());
      return running ? new AgentObservation(AgentObservation.State.RUNNING, run, start, null, null, null)
          : new AgentObservation(AgentObservation.State.PENDING, run, start, null, null, pulling(failures, done));
    }
    if ("True".equals(done.get().getStatus())) {
      return result.outcome() == null
          ? new AgentObservation(AgentObservation.State.FAILED, run, start, completion(claude), null, failures.noResult(logs(claude)))
          : new AgentObservation(AgentObservation.State.SUCCEEDED, run, start, completion(claude), result, null);
    }
    Problem why = switch (String.valueOf(done.get().getReason())) {
      case "TaskRunTimeout" -> failures.deadlineExceeded();
      case "TaskRunCancelled" -> failures.cancelled();
      case "TaskRunImagePullFailed" -> failures.imagePullFailed(done.get().getReason(), done.get().getMessage(), null);
      case "StepOOM" -> failures.outOfMemory();
      case "PodEvicted" -> failures.evicted(String.valueOf(done.get().getMessage()));
      case RESOLUTION_FAILED -> failures.taskNotResolved(PolecatReason.AgentFailed, claude.getMetadata().getName(),
          done.get().getMessage());
      default -> failures.agentFailed(result, "", logs(claude));
    };
    return new AgentObservation(AgentObservation.State.FAILED, run, start, completion(claude),
        result.outcome() == null ? null : result, why);
  }

  /**
   * Why a TaskRun that has not ended waits, when its pod cannot pull an image (Tekton's reason
   * PullImageFailed, its message the kubelet's); null otherwise. Tekton itself fails the TaskRun
   * (TaskRunImagePullFailed) when that is final or lasts too long.
   */
  private static Problem pulling(RunFailures failures, Optional<Condition> succeeded) {
    return succeeded.filter(c -> "Unknown".equals(c.getStatus()) && PULL_IMAGE_FAILED.equals(c.getReason()))
        .map(c -> failures.imagePullBackOff(c.getReason(), c.getMessage(), null))
        .orElse(null);
  }

  /** Pending, Running, Succeeded, Failed or Cancelled, from the Succeeded condition. */
  static TaskRunState state(TaskRun taskRun, String task) {
    Optional<Condition> done = RunStatus.succeeded(taskRun);
    String state;
    if (done.isEmpty()) {
      state = PENDING;
    } else if ("True".equals(done.get().getStatus())) {
      state = SUCCEEDED;
    } else if ("False".equals(done.get().getStatus())) {
      state = "TaskRunCancelled".equals(done.get().getReason()) ? CANCELLED : FAILED;
    } else {
      state = RUNNING.equals(done.get().getReason()) ? RUNNING : PENDING;
    }
    TaskRunState s = new TaskRunState();
    s.setName(taskRun.getMetadata().getName());
    s.setTask(task);
    s.setState(state);
    return s;
  }

  /** The forge step's TaskRun (gastown-pull-request), as Tekton reports it. */
  public static PullRequestRun pullRequest(TaskRun taskRun) {
    String describe = "TaskRun " + taskRun.getMetadata().getName();
    Optional<Condition> done = RunStatus.succeeded(taskRun);
    Map<String, String> results = RunStatus.results(taskRun);
    if (!RunStatus.isFinished(done)) {
      return PullRequestRun.running(describe);
    }
    if ("True".equals(done.get().getStatus())) {
      return results.containsKey("outcome") ? new PullRequestRun(PullRequestRun.State.SUCCEEDED, describe, results, null)
          : PullRequestRun.failed(describe, results, "the forge step reported no result; run " + logs(taskRun));
    }
    String why = "TaskRunTimeout".equals(done.get().getReason()) ? "the forge step did not finish in time"
        : "the forge step failed (" + done.get().getReason() + ")";
    return PullRequestRun.failed(describe, results, why + "; run " + logs(taskRun));
  }

  public static boolean isSucceeded(TaskRun taskRun) {
    return RunStatus.isSucceeded(RunStatus.succeeded(taskRun));
  }

  public static boolean isFinished(TaskRun taskRun) {
    return RunStatus.isFinished(RunStatus.succeeded(taskRun));
  }

  private static AgentResult results(TaskRun taskRun) {
    return AgentResult.fromResults(RunStatus.results(taskRun));
  }

  /**
   * Whether the push step ran to its end. Every step of a TaskRun shares one results directory and
   * Tekton keeps the last value a step reported, so branch, commit and pushed are the push step's
   * own only when it ran (the agent's step may have written those files too).
   */
  private static boolean pushStepRan(TaskRun taskRun) {
    var steps = status(taskRun).getSteps();
    return steps != null && steps.stream()
        .anyMatch(s -> StepScripts.PUSH_STEP.equals(s.getName()) && s.getTerminated() != null
            && s.getTerminated().getExitCode() != null && s.getTerminated().getExitCode() <= 1);
  }

  private static Instant completion(TaskRun taskRun) {
    return Timestamps.parse(status(taskRun).getCompletionTime());
  }

  private static TaskRunStatus status(TaskRun taskRun) {
    return taskRun.getStatus() == null ? new TaskRunStatus() : taskRun.getStatus();
  }

  private static String logs(TaskRun taskRun) {
    return "tkn taskrun logs " + taskRun.getMetadata().getName() + " -n " + taskRun.getMetadata().getNamespace();
  }
}
