package io.gastown.operator.tekton;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.tekton.pod.Template;
import io.fabric8.tekton.pod.TemplateBuilder;
import io.fabric8.tekton.v1.StepTemplateBuilder;
import io.fabric8.tekton.v1.TaskSpec;
import io.gastown.operator.common.UserIds;
import java.util.ArrayList;
import java.util.List;

/**
 * The user guide's restricted security context for every agent container, and what a read-only
 * root filesystem needs: a writable HOME and /tmp (one of each per container). Shared by the Pod mode, the Polecat TaskRuns
 * and the Refinery's merge PipelineRuns. With {@link UserIds#ASSIGNED} the pods name no user or
 * group ID (the platform assigns them); everything else stays.
 */
public final class RestrictedSteps {

  public static final long USER_ID = 65532L;
  public static final String HOME = "/home/nonroot";
  /** The size limit of a container's own HOME and /tmp. */
  public static final String PRIVATE_DIR_LIMIT = "2Gi";

  private RestrictedSteps() {}

  public static SecurityContext containerSecurityContext(UserIds ids) {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(fixed(ids))
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  public static io.fabric8.kubernetes.api.model.PodSecurityContext podSecurityContext(UserIds ids) {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(fixed(ids))
        .withRunAsGroup(fixed(ids))
        .withFsGroup(fixed(ids))
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  /** 65532, or null (unset) when the platform assigns the IDs. */
  private static Long fixed(UserIds ids) {
    return ids == UserIds.FIXED ? USER_ID : null;
  }

  /** Pod template of the runs: restricted pod security, no API token, the given env for every step. */
  public static Template podTemplate(List<EnvVar> env, UserIds ids) {
    return new TemplateBuilder()
        .withSecurityContext(podSecurityContext(ids))
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withEnv(env.isEmpty() ? null : env)
        .build();
  }

  /**
   * A bundled Task's spec made ready to embed: fixed step images replaced by {@code image}, every
   * step and sidecar restricted, with the resources (steps) and a HOME and /tmp of its own, so
   * that nothing one container writes there (a private copy of a key) is seen by another.
   */
  public static TaskSpec embed(TaskSpec spec, String image, ResourceRequirements resources, UserIds ids) {
    List<Volume> volumes = new ArrayList<>();
    spec.setStepTemplate(new StepTemplateBuilder()
        .withSecurityContext(containerSecurityContext(ids))
        .withComputeResources(resources)
        .withEnv(new EnvVar("HOME", HOME, null))
        .build());
    spec.getSteps().forEach(step -> {
      if (!step.getImage().startsWith("$(")) {
        step.setImage(image);
      }
      step.setVolumeMounts(privateMounts(step.getName(), step.getVolumeMounts(), volumes));
    });
    if (spec.getSidecars() != null) {
      spec.getSidecars().forEach(sidecar -> {
        if (!sidecar.getImage().startsWith("$(")) {
          sidecar.setImage(image);
        }
        sidecar.setSecurityContext(containerSecurityContext(ids));
        List<EnvVar> env = new ArrayList<>(sidecar.getEnv() == null ? List.of() : sidecar.getEnv());
        env.add(new EnvVar("HOME", HOME, null));
        sidecar.setEnv(env);
        sidecar.setVolumeMounts(privateMounts(sidecar.getName(), sidecar.getVolumeMounts(), volumes));
      });
    }
    spec.setVolumes(volumes);
    return spec;
  }

  private static List<VolumeMount> privateMounts(String container, List<VolumeMount> existing, List<Volume> volumes) {
    volumes.add(new VolumeBuilder().withName("home-" + container)
        .withNewEmptyDir().withSizeLimit(new Quantity(PRIVATE_DIR_LIMIT)).endEmptyDir().build());
    volumes.add(new VolumeBuilder().withName("tmp-" + container)
        .withNewEmptyDir().withSizeLimit(new Quantity(PRIVATE_DIR_LIMIT)).endEmptyDir().build());
    List<VolumeMount> mounts = new ArrayList<>(existing == null ? List.of() : existing);
    mounts.add(new VolumeMountBuilder().withName("home-" + container).withMountPath(HOME).build());
    mounts.add(new VolumeMountBuilder().withName("tmp-" + container).withMountPath("/tmp").build());
    return mounts;
  }
}
