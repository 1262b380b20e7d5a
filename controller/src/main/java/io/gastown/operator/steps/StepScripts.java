package io.gastown.operator.steps;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.Pipeline;
import io.fabric8.tekton.v1.Sidecar;
import io.fabric8.tekton.v1.Step;
import io.fabric8.tekton.v1.Task;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The Tekton Tasks bundled into the jar at build time ({@code tekton/tasks/*.yaml}). Both execution
 * modes run the steps defined here, so the Pod mode and the Tekton mode cannot drift apart.
 */
public final class StepScripts {

  public static final String GIT_CLONE_TASK = "gastown-git-clone";
  public static final String CLAUDE_TASK = "gastown-claude";
  public static final String BEAD_SYNC_TASK = "gastown-bead-sync";
  public static final String PULL_REQUEST_TASK = "gastown-pull-request";
  /** gastown-pull-request's only step; the Pod mode's container has the same name. */
  public static final String PULL_REQUEST_STEP = "pull-request";
  /** gastown-claude's agent step, its push step and its sidecar; the Pod mode's containers have the same names. */
  public static final String CLAUDE_STEP = "claude";
  public static final String PUSH_STEP = "push";
  public static final String CREDENTIAL_PROXY = "credential-proxy";

  private final Task gitClone;
  private final Task claude;
  private final Task beadSync;
  private final Task pullRequest;

  public StepScripts(Task gitClone, Task claude, Task beadSync, Task pullRequest) {
    this.gitClone = requireName(gitClone, GIT_CLONE_TASK);
    this.claude = requireName(claude, CLAUDE_TASK);
    this.beadSync = requireName(beadSync, BEAD_SYNC_TASK);
    this.pullRequest = requireName(pullRequest, PULL_REQUEST_TASK);
  }

  /** Loads the Tasks that ship inside the operator jar. */
  public static StepScripts bundled() {
    return new StepScripts(loadTask("tekton/tasks/git-clone.yaml"), loadTask("tekton/tasks/claude.yaml"),
        loadTask("tekton/tasks/bead-sync.yaml"), loadTask("tekton/tasks/pull-request.yaml"));
  }

  public static Task loadTask(String classpathLocation) {
    try (InputStream in = StepScripts.class.getClassLoader().getResourceAsStream(classpathLocation)) {
      if (in == null) {
        throw new IllegalStateException("bundled Task missing from the jar: " + classpathLocation);
      }
      return Serialization.unmarshal(in, Task.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Pipeline loadPipeline(String classpathLocation) {
    try (InputStream in = StepScripts.class.getClassLoader().getResourceAsStream(classpathLocation)) {
      if (in == null) {
        throw new IllegalStateException("bundled Pipeline missing from the jar: " + classpathLocation);
      }
      return Serialization.unmarshal(in, Pipeline.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the git-clone Task, safe for the caller to modify. */
  public Task gitClone() {
    return copy(gitClone);
  }

  /** A copy of the claude Task, safe for the caller to modify. */
  public Task claude() {
    return copy(claude);
  }

  /** A copy of the bead-sync Task, safe for the caller to modify. */
  public Task beadSync() {
    return copy(beadSync);
  }

  /** A copy of the pull-request Task (the forge step after a Polecat's run), safe for the caller to modify. */
  public Task pullRequest() {
    return copy(pullRequest);
  }

  /** The step {@code name} of a Task. */
  public static Step step(Task task, String name) {
    return task.getSpec().getSteps().stream().filter(s -> name.equals(s.getName())).findFirst()
        .orElseThrow(() -> new IllegalStateException("Task " + task.getMetadata().getName() + " has no step " + name));
  }

  /** The sidecar {@code name} of a Task. */
  public static Sidecar sidecar(Task task, String name) {
    var sidecars = task.getSpec().getSidecars() == null ? List.<Sidecar>of() : task.getSpec().getSidecars();
    return sidecars.stream().filter(s -> name.equals(s.getName())).findFirst()
        .orElseThrow(() -> new IllegalStateException("Task " + task.getMetadata().getName() + " has no sidecar " + name));
  }

  /** The single step of a Task written as one step (gastown-git-clone, gastown-merge). */
  public static Step onlyStep(Task task) {
    var steps = task.getSpec().getSteps();
    if (steps.size() != 1) {
      throw new IllegalStateException(
          "Task " + task.getMetadata().getName() + " must have exactly one step, has " + steps.size());
    }
    return steps.get(0);
  }

  private static Task copy(Task task) {
    return Serialization.clone(task);
  }

  private static Task requireName(Task task, String expected) {
    String name = task.getMetadata() == null ? null : task.getMetadata().getName();
    if (!expected.equals(name)) {
      throw new IllegalStateException("expected Task " + expected + " but found " + name);
    }
    return task;
  }
}
