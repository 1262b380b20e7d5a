package io.gastown.operator.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** One TaskRun of a tekton-mode Polecat, as shown in status.taskRuns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskRunState {

  private String name;
  private String task;
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
