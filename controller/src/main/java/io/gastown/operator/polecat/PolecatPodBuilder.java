package io.gastown.operator.polecat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.tekton.v1.Step;
import io.fabric8.tekton.v1.Task;
import io.gastown.operator.common.Names;
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
 * the bundled gastown-git-clone Task and the container {@code claude} the step of gastown-claude,
 * each unchanged; user values reach them only as environment variables.
 */
public final class PolecatPodBuilder {

  public static final String GIT_INIT = "git-init";
  public static final String CLAUDE = "claude";
  public static final long DEFAULT_ACTIVE_DEADLINE_SECONDS = 3600L;
  static final String WORKSPACE = "/workspace";
  static final String RESULTS = "/gastown/results";
  static final String SSH_DIR = "/etc/gastown/ssh";
  static final String CLAUDE_HOME_DIR = "/etc/gastown/claude-home";
  static final String TERMINATION_LOG = "/dev/termination-log";
  static final String EXTRA_ARGS = "$(params.extra-args[*])";

  private final StepScripts steps;
  private final AgentDefaults defaults;

  public PolecatPodBuilder(StepScripts steps, AgentDefaults defaults) {
    this.steps = steps;
    this.defaults = defaults;
  }

  public Pod build(Polecat polecat) {
    PolecatSpec spec = polecat.getSpec();
    KubernetesSpec k8s = spec.getKubernetes();
    return new PodBuilder()
        .withMetadata(AgentParams.ownedMetadata(polecat, Names.polecatPod(polecat.getMetadata().getName())))
        .withNewSpec()
          .withRestartPolicy("Never")
          .withActiveDeadlineSeconds(activeDeadlineSeconds(k8s))
          .withServiceAccountName(k8s.getServiceAccountName())
          .withAutomountServiceAccountToken(false)
          .withEnableServiceLinks(false)
          .withSecurityContext(RestrictedSteps.podSecurityContext())
          .withInitContainers(gitInit(polecat))
          .withContainers(claude(polecat))
          .withVolumes(volumes(k8s))
        .endSpec()
        .build();
  }

  /** The image both agent containers run. */
  private String image(KubernetesSpec k8s) {
    return AgentParams.image(k8s.getImage(), defaults.image());
  }

  public static long activeDeadlineSeconds(KubernetesSpec k8s) {
    return k8s.getActiveDeadlineSeconds() == null ? DEFAULT_ACTIVE_DEADLINE_SECONDS : k8s.getActiveDeadlineSeconds();
  }

  private Container gitInit(Polecat polecat) {
    KubernetesSpec k8s = polecat.getSpec().getKubernetes();
    Task task = steps.gitClone();
    Map<String, String> workspaces = new HashMap<>(Map.of("output", WORKSPACE));
    if (k8s.getGitSecretRef() != null) {
      workspaces.put("ssh-directory", SSH_DIR);
    }
    TaskVariables vars = TaskVariables.forTask(task, AgentParams.gitClone(polecat.getSpec()), workspaces,
        RESULTS + "/git-clone");
    List<VolumeMount> mounts = new ArrayList<>(commonMounts());
    if (k8s.getGitSecretRef() != null) {
      mounts.add(readOnlyMount("git-ssh", SSH_DIR));
    }
    return container(GIT_INIT, StepScripts.onlyStep(task), vars, image(k8s), List.of(), List.of(), mounts, k8s);
  }

  private Container claude(Polecat polecat) {
    PolecatSpec spec = polecat.getSpec();
    KubernetesSpec k8s = spec.getKubernetes();
    AgentConfig agent = AgentParams.agentConfig(spec);
    Task task = steps.claude();
    Map<String, String> workspaces = new HashMap<>(Map.of("source", WORKSPACE));
    List<VolumeMount> mounts = new ArrayList<>(commonMounts());
    if (k8s.getGitSecretRef() != null) {
      workspaces.put("ssh-directory", SSH_DIR);
      mounts.add(readOnlyMount("git-ssh", SSH_DIR));
    }
    if (k8s.getClaudeCredsSecretRef() != null) {
      workspaces.put("claude-home", CLAUDE_HOME_DIR);
      mounts.add(readOnlyMount("claude-home", CLAUDE_HOME_DIR));
    }
    TaskVariables vars = TaskVariables.forTask(task, AgentParams.claude(spec, image(k8s), defaults.endpoint()), workspaces, RESULTS + "/claude");

    List<EnvVar> extraEnv = new ArrayList<>();
    if (k8s.getApiKeySecretRef() != null) {
      extraEnv.add(new EnvVarBuilder()
          .withName("ANTHROPIC_API_KEY")
          .withNewValueFrom()
            .withNewSecretKeyRef(SecretCheck.apiKey(k8s.getApiKeySecretRef()), k8s.getApiKeySecretRef().getName(), false)
          .endValueFrom()
          .build());
    }
    if (agent.getEnv() != null) {
      extraEnv.addAll(agent.getEnv());
    }
    return container(CLAUDE, StepScripts.onlyStep(task), vars, image(k8s), AgentParams.extraArgs(spec), extraEnv, mounts, k8s);
  }

  private static Container container(String name, Step step, TaskVariables vars, String image,
      List<String> extraArgs, List<EnvVar> extraEnv, List<VolumeMount> mounts, KubernetesSpec k8s) {
    List<EnvVar> env = new ArrayList<>();
    for (EnvVar e : step.getEnv()) {
      env.add(new EnvVarBuilder(e).withValue(vars.resolve(e.getValue())).build());
    }
    env.add(new EnvVar("HOME", RestrictedSteps.HOME, null));
    env.add(new EnvVar(StepCommand.RESULTS_DIR_ENV, vars.resultsDir(), null));
    env.add(new EnvVar(StepCommand.TERMINATION_LOG_ENV, TERMINATION_LOG, null));
    env.addAll(extraEnv);
    return new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .withCommand(StepCommand.command(name, vars.resolve(step.getScript()), args(step, vars, extraArgs)))
        .withWorkingDir(WORKSPACE)
        .withEnv(env)
        .withResources(k8s.getResources())
        .withVolumeMounts(mounts)
        .withTerminationMessagePath(TERMINATION_LOG)
        .withTerminationMessagePolicy("File")
        .withSecurityContext(RestrictedSteps.containerSecurityContext())
        .build();
  }

  private static List<String> args(Step step, TaskVariables vars, List<String> extraArgs) {
    List<String> args = new ArrayList<>();
    for (String arg : step.getArgs() == null ? List.<String>of() : step.getArgs()) {
      if (EXTRA_ARGS.equals(arg)) {
        args.addAll(extraArgs);
      } else {
        args.add(vars.resolve(arg));
      }
    }
    return args;
  }

  private static List<VolumeMount> commonMounts() {
    return List.of(
        mount("workspace", WORKSPACE),
        mount("home", RestrictedSteps.HOME),
        mount("tmp", "/tmp"),
        mount("results", RESULTS));
  }

  private static List<Volume> volumes(KubernetesSpec k8s) {
    List<Volume> volumes = new ArrayList<>(List.of(
        emptyDir("workspace"), emptyDir("home"), emptyDir("tmp"), emptyDir("results")));
    if (k8s.getGitSecretRef() != null) {
      volumes.add(secretVolume("git-ssh", k8s.getGitSecretRef().getName()));
    }
    if (k8s.getClaudeCredsSecretRef() != null) {
      volumes.add(secretVolume("claude-home", k8s.getClaudeCredsSecretRef().getName()));
    }
    return volumes;
  }

  private static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  /** Group-readable (fsGroup 65532) so the non-root steps can copy the files they need. */
  private static Volume secretVolume(String name, String secret) {
    return new VolumeBuilder()
        .withName(name)
        .withNewSecret().withSecretName(secret).withDefaultMode(0440).endSecret()
        .build();
  }

  private static VolumeMount mount(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).build();
  }

  private static VolumeMount readOnlyMount(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(true).build();
  }
}
