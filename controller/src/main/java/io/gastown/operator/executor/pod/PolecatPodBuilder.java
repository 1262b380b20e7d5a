package io.gastown.operator.executor.pod;

import static io.gastown.operator.executor.pod.StepContainers.container;
import static io.gastown.operator.executor.pod.StepContainers.emptyDir;
import static io.gastown.operator.executor.pod.StepContainers.mount;
import static io.gastown.operator.executor.pod.StepContainers.privateMounts;
import static io.gastown.operator.executor.pod.StepContainers.privateVolumes;
import static io.gastown.operator.executor.pod.StepContainers.readOnlyMount;
import static io.gastown.operator.executor.pod.StepContainers.secretVolume;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.tekton.v1.Sidecar;
import io.fabric8.tekton.v1.Step;
import io.fabric8.tekton.v1.Task;
import io.gastown.operator.agent.AgentParams;
import io.gastown.operator.agent.SecretKeyNames;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.common.Names;
import io.gastown.operator.common.UserIds;
import io.gastown.operator.steps.StepCommand;
import io.gastown.operator.steps.StepScripts;
import io.gastown.operator.steps.TaskVariables;
import io.gastown.operator.tekton.RestrictedSteps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Polecat → agent Pod, as a pure function. The init container {@code git-init} runs the step of
 * the bundled gastown-git-clone Task; the containers {@code claude} and {@code push} run the two
 * steps of gastown-claude and {@code credential-proxy} its sidecar, each unchanged; user values
 * reach them only as environment variables.
 *
 * <p>Isolation: every container has a HOME and /tmp of its own; the agent's container
 * ({@code claude}) mounts no credential (only a .credentials.json, which cannot be proxied); the
 * SSH key is mounted in {@code git-init} and {@code push} only, the API key and the setup-token in
 * {@code credential-proxy} and {@code push} only. Containers run side by side, so the push waits
 * for the claude container's end (a file in the shared signals volume, written after everything
 * the agent left running was killed) and the proxy stops then. Results come from the push
 * container's termination message.
 */
public final class PolecatPodBuilder {

  public static final String GIT_INIT = "git-init";
  public static final String CLAUDE = StepScripts.CLAUDE_STEP;
  public static final String PUSH = StepScripts.PUSH_STEP;
  public static final String CREDENTIAL_PROXY = StepScripts.CREDENTIAL_PROXY;
  static final String WORKSPACE = StepContainers.WORKSPACE;
  static final String RESULTS = StepContainers.RESULTS;
  static final String SIGNALS = "/gastown/signals";
  static final String AGENT_DONE = SIGNALS + "/claude.done";
  static final String SSH_DIR = "/etc/gastown/ssh";
  static final String API_KEY_DIR = "/etc/gastown/api-key";
  static final String CLAUDE_HOME_DIR = "/etc/gastown/claude-home";
  static final String CLAUDE_CREDENTIALS_DIR = "/etc/gastown/claude-credentials";

  private final StepScripts steps;
  private final UserIds ids;

  /** Pods that run as uid 65532. */
  public PolecatPodBuilder(StepScripts steps) {
    this(steps, UserIds.FIXED);
  }

  public PolecatPodBuilder(StepScripts steps, UserIds ids) {
    this.steps = steps;
    this.ids = ids;
  }

  /** The agent Pod of a Polecat resolved by {@link io.gastown.operator.agent.PolecatDefaults#resolve}. */
  public Pod build(Polecat polecat) {
    PolecatSpec spec = polecat.getSpec();
    KubernetesSpec k8s = spec.getKubernetes();
    Task claude = steps.claude();
    TaskVariables vars = TaskVariables.forTask(claude, AgentParams.claude(spec),
        claudeWorkspaces(k8s), RESULTS);
    return new PodBuilder()
        .withMetadata(AgentParams.ownedMetadata(polecat, Names.polecatPod(polecat.getMetadata().getName(), AgentParams.attempt(polecat))))
        .withNewSpec()
          .withRestartPolicy("Never")
          .withActiveDeadlineSeconds(k8s.getActiveDeadlineSeconds())
          .withServiceAccountName(k8s.getServiceAccountName())
          .withAutomountServiceAccountToken(false)
          .withEnableServiceLinks(false)
          .withSecurityContext(RestrictedSteps.podSecurityContext(ids))
          .withInitContainers(gitInit(polecat))
          .withContainers(agent(polecat, claude, vars), push(polecat, claude, vars), proxy(polecat, claude, vars))
          .withVolumes(volumes(k8s))
        .endSpec()
        .build();
  }

  private Container gitInit(Polecat polecat) {
    KubernetesSpec k8s = polecat.getSpec().getKubernetes();
    Task task = steps.gitClone();
    Map<String, String> workspaces = new HashMap<>(Map.of("output", WORKSPACE));
    List<VolumeMount> mounts = new ArrayList<>(privateMounts(GIT_INIT));
    mounts.add(mount("workspace", WORKSPACE));
    if (k8s.getGitSecretRef() != null) {
      workspaces.put("ssh-directory", SSH_DIR);
      mounts.add(readOnlyMount("git-ssh", SSH_DIR));
    }
    TaskVariables vars = TaskVariables.forTask(task, AgentParams.gitClone(polecat.getSpec()), workspaces, RESULTS);
    return container(GIT_INIT, StepScripts.onlyStep(task).getScript(), StepScripts.onlyStep(task).getEnv(),
        StepScripts.onlyStep(task).getArgs(), vars, k8s.getImage(), List.of(), mounts, k8s.getResources(), Map.of(), ids);
  }

  /** Where each workspace of gastown-claude is mounted, for those this Polecat binds. */
  private static Map<String, String> claudeWorkspaces(KubernetesSpec k8s) {
    Map<String, String> workspaces = new HashMap<>(Map.of("source", WORKSPACE));
    if (k8s.getGitSecretRef() != null) {
      workspaces.put("ssh-directory", SSH_DIR);
    }
    if (k8s.getApiKeySecretRef() != null) {
      workspaces.put("api-key", API_KEY_DIR);
    }
    if (k8s.getClaudeCredsSecretRef() != null) {
      workspaces.put("claude-home", CLAUDE_HOME_DIR);
      workspaces.put("claude-credentials", CLAUDE_CREDENTIALS_DIR);
    }
    return workspaces;
  }

  /** The agent's container: the workspace, the signals, and at most a .credentials.json. */
  private Container agent(Polecat polecat, Task task, TaskVariables vars) {
    PolecatSpec spec = polecat.getSpec();
    KubernetesSpec k8s = spec.getKubernetes();
    List<VolumeMount> mounts = new ArrayList<>(privateMounts(CLAUDE));
    mounts.add(mount("workspace", WORKSPACE));
    mounts.add(mount("signals", SIGNALS));
    if (k8s.getClaudeCredsSecretRef() != null) {
      mounts.add(readOnlyMount("claude-credentials", CLAUDE_CREDENTIALS_DIR));
    }
    List<EnvVar> extraEnv = AgentParams.agentEnv(spec);
    Step step = StepScripts.step(task, CLAUDE);
    return container(CLAUDE, step.getScript(), step.getEnv(), step.getArgs(), vars, k8s.getImage(), AgentParams.extraArgs(spec),
        mounts, k8s.getResources(), Map.of(StepCommand.DONE_FILE_ENV, AGENT_DONE, StepCommand.KILL_LEFTOVERS_ENV, "true"), extraEnv, ids);
  }

  /** The push: every credential it checks the agent's changes against, and the agent's clone read-only. */
  private Container push(Polecat polecat, Task task, TaskVariables vars) {
    KubernetesSpec k8s = polecat.getSpec().getKubernetes();
    List<VolumeMount> mounts = new ArrayList<>(privateMounts(PUSH));
    mounts.add(readOnlyMount("workspace", WORKSPACE));
    mounts.add(readOnlyMount("signals", SIGNALS));
    if (k8s.getGitSecretRef() != null) {
      mounts.add(readOnlyMount("git-ssh", SSH_DIR));
    }
    mounts.addAll(modelCredentialMounts(k8s));
    if (k8s.getClaudeCredsSecretRef() != null) {
      mounts.add(readOnlyMount("claude-credentials", CLAUDE_CREDENTIALS_DIR));
    }
    Step step = StepScripts.step(task, PUSH);
    return container(PUSH, step.getScript(), step.getEnv(), step.getArgs(), vars, k8s.getImage(), List.of(), mounts,
        StepContainers.HELPER_RESOURCES, Map.of(StepCommand.WAIT_FOR_ENV, AGENT_DONE), ids);
  }

  /** The credential proxy: the model credential, and the signal that ends it with the agent. */
  private Container proxy(Polecat polecat, Task task, TaskVariables vars) {
    KubernetesSpec k8s = polecat.getSpec().getKubernetes();
    List<VolumeMount> mounts = new ArrayList<>(privateMounts(CREDENTIAL_PROXY));
    mounts.add(readOnlyMount("signals", SIGNALS));
    mounts.addAll(modelCredentialMounts(k8s));
    Sidecar sidecar = StepScripts.sidecar(task, CREDENTIAL_PROXY);
    return container(CREDENTIAL_PROXY, sidecar.getScript(), sidecar.getEnv(), sidecar.getArgs(), vars, k8s.getImage(), List.of(),
        mounts, StepContainers.HELPER_RESOURCES, Map.of(StepCommand.STOP_WHEN_ENV, AGENT_DONE), ids);
  }

  private static List<VolumeMount> modelCredentialMounts(KubernetesSpec k8s) {
    List<VolumeMount> mounts = new ArrayList<>();
    if (k8s.getApiKeySecretRef() != null) {
      mounts.add(readOnlyMount("api-key", API_KEY_DIR));
    }
    if (k8s.getClaudeCredsSecretRef() != null) {
      mounts.add(readOnlyMount("claude-home", CLAUDE_HOME_DIR));
    }
    return mounts;
  }

  private static List<Volume> volumes(KubernetesSpec k8s) {
    List<Volume> volumes = new ArrayList<>(List.of(emptyDir("workspace", WORKSPACE_LIMIT), emptyDir("signals", "1Mi")));
    for (String container : List.of(GIT_INIT, CLAUDE, PUSH, CREDENTIAL_PROXY)) {
      volumes.addAll(privateVolumes(container));
    }
    if (k8s.getGitSecretRef() != null) {
      volumes.add(secretVolume("git-ssh", k8s.getGitSecretRef().getName(), null, false));
    }
    if (k8s.getApiKeySecretRef() != null) {
      volumes.add(secretVolume("api-key", k8s.getApiKeySecretRef().getName(),
          new KeyToPath(k8s.getApiKeySecretRef().getKey(), null, SecretKeyNames.DEFAULT_API_KEY), false));
    }
    if (k8s.getClaudeCredsSecretRef() != null) {
      String secret = k8s.getClaudeCredsSecretRef().getName();
      volumes.add(secretVolume("claude-home", secret,
          new KeyToPath(SecretKeyNames.CLAUDE_OAUTH_TOKEN, null, SecretKeyNames.CLAUDE_OAUTH_TOKEN), true));
      volumes.add(secretVolume("claude-credentials", secret,
          new KeyToPath(SecretKeyNames.CLAUDE_CREDENTIALS, null, SecretKeyNames.CLAUDE_CREDENTIALS), true));
    }
    return volumes;
  }

  /** The clone and what the agent makes of it. */
  static final String WORKSPACE_LIMIT = "10Gi";

}
