package io.gastown.operator.executor.pod;

import static io.gastown.operator.executor.pod.StepContainers.container;
import static io.gastown.operator.executor.pod.StepContainers.emptyDir;
import static io.gastown.operator.executor.pod.StepContainers.mount;
import static io.gastown.operator.executor.pod.StepContainers.privateMounts;
import static io.gastown.operator.executor.pod.StepContainers.privateVolumes;
import static io.gastown.operator.executor.pod.StepContainers.readOnlyMount;
import static io.gastown.operator.executor.pod.StepContainers.secretVolume;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.tekton.v1.Step;
import io.fabric8.tekton.v1.Task;
import io.gastown.operator.agent.AgentParams;
import io.gastown.operator.agent.PullRequestRun;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.TokenSecretReference;
import io.gastown.operator.common.Names;
import io.gastown.operator.common.UserIds;
import io.gastown.operator.steps.StepCommand;
import io.gastown.operator.steps.StepScripts;
import io.gastown.operator.steps.TaskVariables;
import io.gastown.operator.tekton.RestrictedSteps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The forge step of a Polecat in executionMode kubernetes: Pod {@code polecat-<name>-pull-request}
 * with the one container {@code pull-request}, which runs the step of the bundled
 * gastown-pull-request Task unchanged. It is created after the agent's pod ended and holds nothing
 * of it: no clone, no model or git credential, only the forge token (the one key of its secret, as
 * the file {@code token}, read-only). Restricted like every pod; results come back in the
 * container's termination message.
 */
public final class PullRequestPod {

  public static final String CONTAINER = StepScripts.PULL_REQUEST_STEP;
  static final String TOKEN_DIR = "/etc/gastown/forge-token";
  public static final long DEADLINE_SECONDS = 300;

  private final StepScripts steps;
  private final UserIds ids;

  public PullRequestPod(StepScripts steps, UserIds ids) {
    this.steps = steps;
    this.ids = ids;
  }

  /** @param params the params of gastown-pull-request ({@code PullRequestPlan}) */
  public Pod build(Polecat polecat, Map<String, String> params) {
    KubernetesSpec k8s = polecat.getSpec().getKubernetes();
    TokenSecretReference token = polecat.getSpec().getPullRequest().getTokenSecretRef();
    Task task = steps.pullRequest();
    Step step = StepScripts.onlyStep(task);
    TaskVariables vars = TaskVariables.forTask(task, params, Map.of("forge-token", TOKEN_DIR), StepContainers.RESULTS);
    List<VolumeMount> mounts = new ArrayList<>(privateMounts(CONTAINER));
    mounts.add(mount("workspace", StepContainers.WORKSPACE));
    mounts.add(readOnlyMount("forge-token", TOKEN_DIR));
    var volumes = new ArrayList<>(privateVolumes(CONTAINER));
    volumes.add(emptyDir("workspace", "16Mi"));
    volumes.add(secretVolume("forge-token", token.getName(), new KeyToPath(token.getKey(), null, "token"), false));
    return new PodBuilder()
        .withMetadata(AgentParams.ownedMetadata(polecat, name(polecat)))
        .withNewSpec()
          .withRestartPolicy("Never")
          .withActiveDeadlineSeconds(DEADLINE_SECONDS)
          .withAutomountServiceAccountToken(false)
          .withEnableServiceLinks(false)
          .withSecurityContext(RestrictedSteps.podSecurityContext(ids))
          .withContainers(container(CONTAINER, step.getScript(), step.getEnv(), step.getArgs(), vars, k8s.getImage(),
              List.of(), mounts, StepContainers.HELPER_RESOURCES, Map.of(), ids))
          .withVolumes(volumes)
        .endSpec()
        .build();
  }

  public static String name(Polecat polecat) {
    return Names.pullRequestRun(polecat.getMetadata().getName(), AgentParams.attempt(polecat));
  }

  /** Reads the pod the way kubelet reports it, as a pure function. */
  public static PullRequestRun observe(Pod pod) {
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String describe = "Pod " + pod.getMetadata().getName();
    String logs = "run kubectl logs " + pod.getMetadata().getName() + " -n " + pod.getMetadata().getNamespace();
    ContainerStateTerminated end = status.getContainerStatuses() == null ? null : status.getContainerStatuses().stream()
        .filter(c -> CONTAINER.equals(c.getName()) && c.getState() != null && c.getState().getTerminated() != null)
        .map(c -> c.getState().getTerminated()).findFirst().orElse(null);
    Map<String, String> results = end == null ? Map.of() : StepCommand.results(end.getMessage()).orElse(Map.of());
    if ("Succeeded".equals(status.getPhase())) {
      return results.containsKey("outcome") ? new PullRequestRun(PullRequestRun.State.SUCCEEDED, describe, results, null)
          : PullRequestRun.failed(describe, results, "the forge step reported no result; " + logs);
    }
    if ("Failed".equals(status.getPhase())) {
      if ("DeadlineExceeded".equals(status.getReason())) {
        return PullRequestRun.failed(describe, Map.of(), "the forge step did not finish within " + DEADLINE_SECONDS
            + "s and was stopped; " + logs);
      }
      String exit = end == null || end.getExitCode() == null ? "" : " (exit code " + end.getExitCode() + ")";
      return PullRequestRun.failed(describe, results, "the forge step failed" + exit + "; " + logs);
    }
    return PullRequestRun.running(describe);
  }
}
