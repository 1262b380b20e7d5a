package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the agent runs: one raw Pod, or Tekton TaskRuns. */
public enum ExecutionMode {
  @JsonProperty("kubernetes")
  KUBERNETES,
  @JsonProperty("tekton")
  TEKTON
}
