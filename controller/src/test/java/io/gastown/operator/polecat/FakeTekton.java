package io.gastown.operator.polecat;

import io.fabric8.knative.pkg.apis.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.StepStateBuilder;
import io.fabric8.tekton.v1.TaskRun;
import io.fabric8.tekton.v1.TaskRunResult;
import io.fabric8.tekton.v1.TaskRunResultBuilder;
import io.fabric8.tekton.v1.TaskRunStatus;
import io.gastown.operator.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plays the Tekton controller for the Polecat TaskRuns: writes their status the way Tekton does. */
public final class FakeTekton {

  static final String START = "2026-01-20T00:10:40Z";
  static final String END = "2026-01-20T00:13:19Z";

  private final KubernetesClient client;

  public FakeTekton(KubernetesClient client) {
    this.client = client;
  }

  /** Makes the mock API server serve the tekton.dev/v1 TaskRun and PipelineRun APIs in discovery. */
  public static void install(KubernetesMockServer server) {
    for (String kind : List.of("TaskRun", "PipelineRun")) {
      server.expectCustomResource(new CustomResourceDefinitionContext.Builder()
          .withGroup("tekton.dev").withVersion("v1").withKind(kind).withPlural(kind.toLowerCase() + "s")
          .withScope("Namespaced").build());
    }
  }

  void running(String taskRun) {
    write(taskRun, "Unknown", "Running", "Not all Steps in the Task have finished executing", Map.of());
  }

  /** The TaskRun's pod cannot pull an image; Tekton passes on the kubelet's message. */
  void pullingImage(String taskRun) {
    write(taskRun, "Unknown", "PullImageFailed", "build step \"step-clone\" is pending with reason \"Back-off pulling image"
        + " \\\"ghcr.io/gastown-operator/agent:0.1.0\\\"\"", Map.of());
  }

  public void succeeded(String taskRun, Map<String, String> results) {
    write(taskRun, "True", "Succeeded", "All Steps have completed executing", results);
  }

  void failed(String taskRun, String reason, Map<String, String> results) {
    write(taskRun, "False", reason, "\"step-claude\" exited with code 1", results);
  }

  public static Map<String, String> claudeResults(String outcome, String summary) {
    return Map.of("branch", "feature/issue-123", "commit", "3f2c1a9e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d",
        "pushed", Boolean.toString("succeeded".equals(outcome)), "outcome", outcome, "summary", summary,
        "cost-usd", "0.4213", "num-turns", "12", "session-id", "0b5c0a8e-6f7d-4c3e-9a1b-2c3d4e5f6a7b");
  }

  private void write(String taskRun, String status, String reason, String message, Map<String, String> results) {
    List<TaskRunResult> values = new ArrayList<>();
    results.forEach((name, value) -> values.add(new TaskRunResultBuilder().withName(name).withType("string")
        .withValue(new ParamValue(value)).build()));
    client.resources(TaskRun.class).inNamespace(Fixtures.NAMESPACE).withName(taskRun).editStatus(run -> {
      TaskRunStatus s = new TaskRunStatus();
      s.setStartTime(START);
      s.setCompletionTime("Unknown".equals(status) ? null : END);
      s.setConditions(List.of(new ConditionBuilder().withType("Succeeded").withStatus(status)
          .withReason(reason).withMessage(message).build()));
      s.setResults(values);
      s.setPodName(taskRun + "-pod");
      if (!"Unknown".equals(status)) {
        // The steps as Tekton reports them: a claude TaskRun's results are the push step's own.
        List<String> names = taskRun.endsWith("-claude") ? List.of("claude", "push") : List.of("clone");
        s.setSteps(names.stream().map(step -> new StepStateBuilder().withName(step).withContainer("step-" + step)
            .withTerminated(new ContainerStateTerminatedBuilder().withExitCode("True".equals(status) ? 0 : 1)
                .withReason("True".equals(status) ? "Completed" : "Error").build())
            .build()).toList());
      }
      run.setStatus(s);
      return run;
    });
  }
}
