package io.gastown.operator.executor;

import io.gastown.operator.api.polecat.ExecutionMode;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.common.UserIds;
import io.gastown.operator.executor.pod.PodExecutor;
import io.gastown.operator.executor.pod.PolecatPodBuilder;
import io.gastown.operator.executor.pod.PullRequestPod;
import io.gastown.operator.executor.tekton.PolecatTaskRunBuilder;
import io.gastown.operator.executor.tekton.TaskRunExecutor;
import io.gastown.operator.steps.StepScripts;
import io.gastown.operator.tekton.InstalledTasks;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The executor of each execution mode: one set for the operator and for {@code render}. */
public final class Executors {

  private Executors() {}

  /** For render, which only builds objects: the operator's default image pull timeout. */
  public static Map<ExecutionMode, AgentExecutor> create(StepScripts steps, boolean tekton, UserIds ids,
      InstalledTasks installed) {
    return create(steps, tekton, Clock.systemUTC(), OperatorConfig.defaults().imagePullTimeout(), ids, installed);
  }

  /**
   * @param tekton whether the cluster serves Tekton's TaskRuns (render assumes it does)
   * @param imagePullTimeout how long an agent pod may keep failing to pull its image
   * @param ids who picks the user and group IDs of the agent pods
   * @param installed where the TaskRuns find the bundled Tasks
   */
  public static Map<ExecutionMode, AgentExecutor> create(StepScripts steps, boolean tekton, Clock clock,
      Duration imagePullTimeout, UserIds ids, InstalledTasks installed) {
    Map<ExecutionMode, AgentExecutor> executors = new EnumMap<>(ExecutionMode.class);
    executors.put(ExecutionMode.KUBERNETES, new PodExecutor(new PolecatPodBuilder(steps, ids), new PullRequestPod(steps, ids),
        clock, imagePullTimeout));
    if (tekton) {
      executors.put(ExecutionMode.TEKTON, new TaskRunExecutor(new PolecatTaskRunBuilder(steps, ids, installed)));
    }
    return executors;
  }
}
