package io.gastown.operator.agent;

import io.gastown.operator.api.polecat.TaskRunState;
import java.util.List;

/** What executes a Polecat's agent: its pod, or its TaskRuns. Shown in status.podName / status.taskRuns. */
public record AgentRun(String podName, List<TaskRunState> taskRuns) {

  public static AgentRun pod(String name) {
    return new AgentRun(name, null);
  }

  public static AgentRun taskRuns(List<TaskRunState> taskRuns) {
    return new AgentRun(null, List.copyOf(taskRuns));
  }

  /** Some TaskRun has not ended (state Pending or Running): Tekton may still cancel or finish it. */
  public static boolean unfinished(List<TaskRunState> taskRuns) {
    return taskRuns != null && taskRuns.stream().anyMatch(r -> "Pending".equals(r.getState()) || "Running".equals(r.getState()));
  }

  public String describe() {
    return podName != null ? "pod " + podName
        : "TaskRun " + taskRuns.get(taskRuns.size() - 1).getName();
  }
}
