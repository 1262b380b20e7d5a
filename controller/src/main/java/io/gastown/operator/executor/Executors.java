package io.gastown.operator.executor;

import io.gastown.operator.api.polecat.ExecutionMode;
import io.gastown.operator.executor.pod.PodExecutor;
import io.gastown.operator.executor.pod.PolecatPodBuilder;
import io.gastown.operator.executor.tekton.PolecatTaskRunBuilder;
import io.gastown.operator.executor.tekton.TaskRunExecutor;
import io.gastown.operator.steps.StepScripts;
import java.util.EnumMap;
import java.util.Map;

/** The executor of each execution mode: one set for the operator and for {@code render}. */
public final class Executors {

  private Executors() {}

  /** @param tekton whether the cluster serves Tekton's TaskRuns (render assumes it does) */
  public static Map<ExecutionMode, AgentExecutor> create(StepScripts steps, boolean tekton) {
    Map<ExecutionMode, AgentExecutor> executors = new EnumMap<>(ExecutionMode.class);
    executors.put(ExecutionMode.KUBERNETES, new PodExecutor(new PolecatPodBuilder(steps)));
    if (tekton) {
      executors.put(ExecutionMode.TEKTON, new TaskRunExecutor(new PolecatTaskRunBuilder(steps)));
    }
    return executors;
  }
}
