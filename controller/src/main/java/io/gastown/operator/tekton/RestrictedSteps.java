package io.gastown.operator.tekton;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.tekton.pod.Template;
import io.fabric8.tekton.pod.TemplateBuilder;
import io.fabric8.tekton.v1.StepTemplateBuilder;
import io.fabric8.tekton.v1.TaskSpec;
import java.util.List;

/**
 * The user guide's restricted security context for every agent container, and what a read-only
 * root filesystem needs: a writable HOME and /tmp. Shared by the Pod mode, the Polecat TaskRuns
 * and the Refinery's merge PipelineRuns.
 */
public final class RestrictedSteps {

  public static final long USER_ID = 65532L;
  public static final String HOME = "/home/nonroot";

  private RestrictedSteps() {}

  public static SecurityContext containerSecurityContext() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(USER_ID)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  public static io.fabric8.kubernetes.api.model.PodSecurityContext podSecurityContext() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(USER_ID)
        .withRunAsGroup(USER_ID)
        .withFsGroup(USER_ID)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  /** Pod template of the runs: restricted pod security, no API token, the given env for every step. */
  public static Template podTemplate(List<EnvVar> env) {
    return new TemplateBuilder()
        .withSecurityContext(podSecurityContext())
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withEnv(env.isEmpty() ? null : env)
        .build();
  }

  /**
   * A bundled Task's spec made ready to embed: fixed step images replaced by {@code image}, and a
   * step template with the restricted security context, the resources, and emptyDirs for HOME and
   * /tmp.
   */
  public static TaskSpec embed(TaskSpec spec, String image, ResourceRequirements resources) {
    spec.getSteps().forEach(step -> {
      if (!step.getImage().startsWith("$(")) {
        step.setImage(image);
      }
    });
    spec.setStepTemplate(new StepTemplateBuilder()
        .withSecurityContext(containerSecurityContext())
        .withComputeResources(resources)
        .withEnv(new EnvVar("HOME", HOME, null))
        .withVolumeMounts(
            new VolumeMountBuilder().withName("home").withMountPath(HOME).build(),
            new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build())
        .build());
    spec.setVolumes(List.of(
        new VolumeBuilder().withName("home").withNewEmptyDir().endEmptyDir().build(),
        new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build()));
    return spec;
  }
}
