package io.gastown.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.Task;
import io.fabric8.tekton.v1.TaskRunStepSpec;
import io.fabric8.tekton.v1.TaskSpec;
import io.gastown.operator.tekton.InstalledTasks;
import java.util.List;

/**
 * The Tasks of config/tekton/bundled.yaml, and what a run that references one of them runs, as
 * Tekton builds its pod: the Task's steps with the run's image parameter, the run's stepSpecs
 * resources, and the user ID of the run's pod template where a container names none.
 */
public final class InstalledTekton {

  public static final InstalledTasks IN_GASTOWN_SYSTEM = new InstalledTasks("gastown-system");

  private InstalledTekton() {}

  public static Task task(String name) {
    List<HasMetadata> objects = Serialization.unmarshal(Fixtures.read("config/tekton/bundled.yaml"));
    return objects.stream().filter(o -> o instanceof Task && name.equals(o.getMetadata().getName()))
        .map(Task.class::cast).findFirst().orElseThrow(() -> new AssertionError("no Task " + name + " in config/tekton/bundled.yaml"));
  }

  /**
   * Asserts that a run of {@code installed} with these stepSpecs, image and pod security context
   * runs the same containers, volumes and interface as the {@code embedded} spec.
   */
  public static void assertRunsAsEmbedded(TaskSpec embedded, Task installed, List<TaskRunStepSpec> stepSpecs, String image,
      PodSecurityContext pod) {
    String name = installed.getMetadata().getName();
    TaskSpec referenced = Serialization.clone(installed.getSpec());
    assertEquals(referenced.getSteps().stream().map(s -> s.getName()).toList(),
        stepSpecs.stream().map(TaskRunStepSpec::getName).toList(), name + ": stepSpecs name every step");
    ResourceRequirements resources = stepSpecs.get(0).getComputeResources();
    stepSpecs.forEach(s -> assertEquals(resources, s.getComputeResources(), name + ": the same resources for every step"));
    referenced.getStepTemplate().setComputeResources(resources);
    referenced.getStepTemplate().getSecurityContext().setRunAsUser(pod.getRunAsUser());
    if (referenced.getSidecars() != null) {
      referenced.getSidecars().forEach(s -> s.getSecurityContext().setRunAsUser(pod.getRunAsUser()));
    }
    assertEquals(comparable(embedded, image), comparable(referenced, image), name + ": referenced and embedded runs differ");
  }

  /** The spec as YAML with its images resolved and the image parameter (which only the installed copies all have) left out. */
  private static String comparable(TaskSpec spec, String image) {
    TaskSpec copy = Serialization.clone(spec);
    String param = "$(params." + InstalledTasks.IMAGE_PARAM + ")";
    copy.getSteps().forEach(s -> s.setImage(s.getImage().replace(param, image)));
    if (copy.getSidecars() != null) {
      copy.getSidecars().forEach(s -> s.setImage(s.getImage().replace(param, image)));
    }
    copy.setParams(copy.getParams().stream().filter(p -> !InstalledTasks.IMAGE_PARAM.equals(p.getName())).toList());
    return Serialization.asYaml(copy);
  }
}
