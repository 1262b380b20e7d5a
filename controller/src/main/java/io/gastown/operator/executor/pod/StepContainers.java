package io.gastown.operator.executor.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.gastown.operator.common.UserIds;
import io.gastown.operator.steps.StepCommand;
import io.gastown.operator.steps.TaskVariables;
import io.gastown.operator.tekton.RestrictedSteps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Task step as a restricted container of a plain Pod: the step's script and env unchanged,
 * wrapped by {@link StepCommand} so that its results become the termination message; and the
 * volumes such pods are made of. Shared by every Pod the operator builds from the bundled Tasks.
 */
public final class StepContainers {

  public static final String WORKSPACE = "/workspace";
  public static final String RESULTS = "/tmp/gastown-results";
  public static final String TERMINATION_LOG = "/dev/termination-log";
  static final String EXTRA_ARGS = "$(params.extra-args[*])";

  /** What a helper step needs (the push, the proxy, a BeadStore's clone and count), whatever the agent is given. */
  public static final ResourceRequirements HELPER_RESOURCES = new ResourceRequirementsBuilder()
      .addToRequests("cpu", new Quantity("50m"))
      .addToRequests("memory", new Quantity("64Mi"))
      .addToLimits("memory", new Quantity("512Mi"))
      .build();

  private StepContainers() {}

  public static Container container(String name, String script, List<EnvVar> stepEnv, List<String> stepArgs,
      TaskVariables vars, String image, List<String> extraArgs, List<VolumeMount> mounts,
      ResourceRequirements resources, Map<String, String> runner, UserIds ids) {
    return container(name, script, stepEnv, stepArgs, vars, image, extraArgs, mounts, resources, runner, List.of(), ids);
  }

  public static Container container(String name, String script, List<EnvVar> stepEnv, List<String> stepArgs,
      TaskVariables vars, String image, List<String> extraArgs, List<VolumeMount> mounts,
      ResourceRequirements resources, Map<String, String> runner, List<EnvVar> extraEnv, UserIds ids) {
    List<EnvVar> env = new ArrayList<>();
    for (EnvVar e : stepEnv) {
      env.add(new EnvVarBuilder(e).withValue(vars.resolve(e.getValue())).build());
    }
    env.add(new EnvVar("HOME", RestrictedSteps.HOME, null));
    env.add(new EnvVar(StepCommand.RESULTS_DIR_ENV, vars.resultsDir(), null));
    env.add(new EnvVar(StepCommand.TERMINATION_LOG_ENV, TERMINATION_LOG, null));
    runner.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> env.add(new EnvVar(e.getKey(), e.getValue(), null)));
    env.addAll(extraEnv);
    return new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .withCommand(StepCommand.command(name, vars.resolve(script), args(stepArgs, vars, extraArgs)))
        .withWorkingDir(WORKSPACE)
        .withEnv(env)
        .withResources(resources)
        .withVolumeMounts(mounts)
        .withTerminationMessagePath(TERMINATION_LOG)
        .withTerminationMessagePolicy("File")
        .withSecurityContext(RestrictedSteps.containerSecurityContext(ids))
        .build();
  }

  private static List<String> args(List<String> stepArgs, TaskVariables vars, List<String> extraArgs) {
    List<String> args = new ArrayList<>();
    for (String arg : stepArgs == null ? List.<String>of() : stepArgs) {
      if (EXTRA_ARGS.equals(arg)) {
        args.addAll(extraArgs);
      } else {
        args.add(vars.resolve(arg));
      }
    }
    return args;
  }

  /** HOME and /tmp of one container only: a key copied there is seen by no other container. */
  public static List<VolumeMount> privateMounts(String container) {
    return List.of(mount("home-" + container, RestrictedSteps.HOME), mount("tmp-" + container, "/tmp"));
  }

  public static Volume emptyDir(String name, String sizeLimit) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().withSizeLimit(new Quantity(sizeLimit)).endEmptyDir().build();
  }

  /**
   * Group-readable (the pod's fsGroup: 65532, or on OpenShift the one its SCC assigns from the
   * namespace's range) so the non-root steps can copy the files they need; with
   * {@code item}, only that key of the secret (optional: the secret may hold the other one).
   */
  public static Volume secretVolume(String name, String secret, KeyToPath item, boolean optional) {
    return new VolumeBuilder()
        .withName(name)
        .withNewSecret()
          .withSecretName(secret)
          .withDefaultMode(0440)
          .withItems(item == null ? null : List.of(item))
          .withOptional(optional ? Boolean.TRUE : null)
        .endSecret()
        .build();
  }

  public static VolumeMount mount(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).build();
  }

  public static VolumeMount readOnlyMount(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(true).build();
  }

  /** The HOME and /tmp volumes of {@link #privateMounts}. */
  public static List<Volume> privateVolumes(String container) {
    return List.of(emptyDir("home-" + container, RestrictedSteps.PRIVATE_DIR_LIMIT),
        emptyDir("tmp-" + container, RestrictedSteps.PRIVATE_DIR_LIMIT));
  }
}
