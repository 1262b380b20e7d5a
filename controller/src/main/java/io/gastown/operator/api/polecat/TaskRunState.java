package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One TaskRun of a tekton-mode Polecat, as shown in status.taskRuns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskRunState {

  @JsonPropertyDescription("Name of the TaskRun.")
  private String name;

  @JsonPropertyDescription("The Task it runs.")
  private String task;

  @JsonPropertyDescription("Pending, Running, Succeeded, Failed or Cancelled.")
  private String state;

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskRunState t
        && Objects.equals(name, t.name) && Objects.equals(task, t.task) && Objects.equals(state, t.state);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, task, state);
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getTask() {
    return task;
  }

  public void setTask(String task) {
    this.task = task;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }
}
