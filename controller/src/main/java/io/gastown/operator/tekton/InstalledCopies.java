package io.gastown.operator.tekton;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.ParamBuilder;
import io.fabric8.tekton.v1.ParamSpec;
import io.fabric8.tekton.v1.ParamSpecBuilder;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.Pipeline;
import io.fabric8.tekton.v1.PipelineTask;
import io.fabric8.tekton.v1.Task;
import io.fabric8.tekton.v1.TaskSpec;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.common.UserIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The bundled Tasks and Pipelines of {@code tekton/} as {@code config/install.yaml} installs them
 * (config/tekton/bundled.yaml, generated from them by a test): restricted as the operator's embedded
 * runs are, with every fixed step image turned into the parameter {@value InstalledTasks#IMAGE_PARAM},
 * and, in the Pipelines, every Task referenced through the cluster resolver in the same namespace.
 * The user and group IDs are left to the run's pod template, which the operator sets as for an
 * embedded run (65532, or none where the platform assigns them).
 */
public final class InstalledCopies {

  private static final String IMAGE = "$(params." + InstalledTasks.IMAGE_PARAM + ")";

  private InstalledCopies() {}

  public static Task task(Task source, String namespace) {
    Task task = Serialization.clone(source);
    task.getMetadata().setNamespace(namespace);
    TaskSpec spec = task.getSpec();
    Optional<String> fixed = Stream.concat(spec.getSteps().stream().map(s -> s.getImage()),
            spec.getSidecars() == null ? Stream.empty() : spec.getSidecars().stream().map(s -> s.getImage()))
        .filter(image -> !image.startsWith("$(")).findFirst();
    if (fixed.isPresent() && !declares(spec.getParams(), InstalledTasks.IMAGE_PARAM)) {
      spec.setParams(append(spec.getParams(), imageParam(fixed.get(), "Image of every step.")));
    }
    RestrictedSteps.embed(spec, IMAGE, null, UserIds.ASSIGNED);
    return task;
  }

  public static Pipeline pipeline(Pipeline source, String namespace) {
    Pipeline pipeline = Serialization.clone(source);
    pipeline.getMetadata().setNamespace(namespace);
    if (!declares(pipeline.getSpec().getParams(), InstalledTasks.IMAGE_PARAM)) {
      pipeline.getSpec().setParams(append(pipeline.getSpec().getParams(),
          imageParam(OperatorConfig.DEFAULT_AGENT_IMAGE, "Image of every step of every Task.")));
    }
    InstalledTasks installed = new InstalledTasks(namespace);
    for (PipelineTask pipelineTask : pipeline.getSpec().getTasks()) {
      String name = pipelineTask.getTaskRef().getName();
      pipelineTask.setTaskRef(installed.taskRef(name));
      if (pipelineTask.getParams().stream().noneMatch(p -> InstalledTasks.IMAGE_PARAM.equals(p.getName()))) {
        List<io.fabric8.tekton.v1.Param> params = new ArrayList<>(pipelineTask.getParams());
        params.add(new ParamBuilder().withName(InstalledTasks.IMAGE_PARAM).withValue(new ParamValue(IMAGE)).build());
        pipelineTask.setParams(params);
      }
    }
    return pipeline;
  }

  private static boolean declares(List<ParamSpec> params, String name) {
    return params != null && params.stream().anyMatch(p -> name.equals(p.getName()));
  }

  private static List<ParamSpec> append(List<ParamSpec> params, ParamSpec param) {
    List<ParamSpec> all = new ArrayList<>(params == null ? List.of() : params);
    all.add(param);
    return all;
  }

  private static ParamSpec imageParam(String image, String description) {
    return new ParamSpecBuilder().withName(InstalledTasks.IMAGE_PARAM).withType("string")
        .withDescription(description + " The operator passes a Polecat's or Refinery's image.")
        .withDefault(new ParamValue(image)).build();
  }
}
