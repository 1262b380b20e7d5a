package io.gastown.operator.refinery;

import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecretVolumeSourceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.EmbeddedTask;
import io.fabric8.tekton.v1.Param;
import io.fabric8.tekton.v1.ParamBuilder;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.Pipeline;
import io.fabric8.tekton.v1.PipelineRef;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunBuilder;
import io.fabric8.tekton.v1.PipelineSpec;
import io.fabric8.tekton.v1.PipelineTask;
import io.fabric8.tekton.v1.PipelineTaskRunSpec;
import io.fabric8.tekton.v1.PipelineTaskRunSpecBuilder;
import io.fabric8.tekton.v1.Task;
import io.fabric8.tekton.v1.TaskRunStepSpecBuilder;
import io.fabric8.tekton.v1.WorkspaceBinding;
import io.fabric8.tekton.v1.WorkspaceBindingBuilder;
import io.gastown.operator.agent.PolecatDefaults;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.TaskReference;
import io.gastown.operator.api.refinery.MergeStrategy;
import io.gastown.operator.api.refinery.MergeVia;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.refinery.RefinerySpec;
import io.gastown.operator.common.Labels;
import io.gastown.operator.common.Names;
import io.gastown.operator.common.UserIds;
import io.gastown.operator.steps.StepScripts;
import io.gastown.operator.tekton.InstalledTasks;
import io.gastown.operator.tekton.ResolverFields;
import io.gastown.operator.tekton.RestrictedSteps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * (Refinery, Polecat, attempt) → the merge PipelineRun, as a pure function. It runs the bundled
 * pipeline gastown-refinery-merge: the restricted copy installed with the operator, through the
 * cluster resolver, when {@link InstalledTasks} names its namespace; else that pipeline embedded
 * with its Tasks inlined and restricted the same way. {@code spec.pipelineRef} runs a
 * user-managed Pipeline instead. The clone lives on a volumeClaimTemplate workspace that Tekton
 * creates and deletes with the run.
 */
public final class MergePipelineRunBuilder {

  public static final String PIPELINE = "gastown-refinery-merge";
  /** A merge, its tests and its push together; a hung test command is stopped then. */
  static final java.time.Duration TIMEOUT = java.time.Duration.ofHours(1);
  /** Every step of a merge: the tests run the merged project's own test suite. */
  static final ResourceRequirements RESOURCES = new ResourceRequirementsBuilder()
      .addToRequests("cpu", new Quantity("100m"))
      .addToRequests("memory", new Quantity("256Mi"))
      .addToRequests("ephemeral-storage", new Quantity("1Gi"))
      .addToLimits("memory", new Quantity("4Gi"))
      .addToLimits("ephemeral-storage", new Quantity("10Gi"))
      .build();
  static final String WORKSPACE_SIZE = "1Gi";
  static final String FORGE_TOKEN = "forge-token";
  /** Prefix of the branches a Refinery in pull-request mode owns, one per Polecat branch. */
  public static final String HEAD_BRANCH_PREFIX = "gastown/merge/";

  private final Pipeline pipeline;
  private final Map<String, Task> tasks;
  private final String defaultImage;
  private final UserIds ids;
  private final InstalledTasks installed;

  public MergePipelineRunBuilder(Pipeline pipeline, List<Task> tasks, String defaultImage, UserIds ids,
      InstalledTasks installed) {
    this.pipeline = pipeline;
    this.tasks = new LinkedHashMap<>();
    tasks.forEach(task -> this.tasks.put(task.getMetadata().getName(), task));
    this.defaultImage = defaultImage;
    this.ids = ids;
    this.installed = installed;
  }

  /** Runs whose pods run as uid 65532, embedding the bundled pipeline. */
  public static MergePipelineRunBuilder bundled(String defaultImage) {
    return bundled(defaultImage, UserIds.FIXED, InstalledTasks.EMBEDDED);
  }

  public static MergePipelineRunBuilder bundled(String defaultImage, UserIds ids, InstalledTasks installed) {
    return new MergePipelineRunBuilder(
        StepScripts.loadPipeline("tekton/pipelines/refinery-merge.yaml"),
        List.of(StepScripts.loadTask("tekton/tasks/git-clone.yaml"), StepScripts.loadTask("tekton/tasks/merge.yaml"),
            StepScripts.loadTask("tekton/tasks/merge-test.yaml"), StepScripts.loadTask("tekton/tasks/merge-push.yaml"),
            StepScripts.loadTask("tekton/tasks/pull-request.yaml")),
        defaultImage, ids, installed);
  }

  public PipelineRun build(Refinery refinery, Polecat polecat, int attempt) {
    RefinerySpec spec = refinery.getSpec();
    List<WorkspaceBinding> workspaces = new ArrayList<>();
    workspaces.add(new WorkspaceBindingBuilder().withName("source")
        .withVolumeClaimTemplate(new PersistentVolumeClaimBuilder().withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewResources().withRequests(Map.of("storage", new Quantity(WORKSPACE_SIZE))).endResources()
            .endSpec().build())
        .build());
    if (spec.getGitSecretRef() != null) {
      workspaces.add(new WorkspaceBindingBuilder().withName("ssh-directory")
          .withSecret(new SecretVolumeSourceBuilder().withSecretName(spec.getGitSecretRef().getName())
              .withDefaultMode(0440).build())
          .build());
    }
    if (spec.getMergeVia() == MergeVia.PULL_REQUEST) {
      // The pipeline binds this workspace to its pull-request task alone: no other pod sees the token.
      ForgeSettings forge = ForgeSettings.of(spec);
      workspaces.add(new WorkspaceBindingBuilder().withName(FORGE_TOKEN)
          .withSecret(new SecretVolumeSourceBuilder().withSecretName(forge.token().getName())
              .withItems(new KeyToPathBuilder().withKey(forge.tokenKey()).withPath(ForgeSettings.TOKEN_FILE).build())
              .withDefaultMode(0440).build())
          .build());
    }
    PipelineRunBuilder builder = new PipelineRunBuilder()
        .withMetadata(metadata(refinery, polecat, attempt))
        .withNewSpec()
          .withParams(params(refinery, polecat))
          .withWorkspaces(workspaces)
          .withNewTimeouts().withPipeline(new io.fabric8.kubernetes.api.model.Duration(TIMEOUT)).endTimeouts()
          .withNewTaskRunTemplate()
            .withServiceAccountName(spec.getServiceAccountName())
            .withPodTemplate(RestrictedSteps.podTemplate(List.of(), ids))
          .endTaskRunTemplate()
        .endSpec();
    if (spec.getPipelineRef() != null) {
      builder.editSpec().withPipelineRef(pipelineRef(spec.getPipelineRef())).endSpec();
    } else if (installed.referenced()) {
      builder.editSpec()
          .withPipelineRef(installed.pipelineRef(PIPELINE))
          .addNewParam().withName(InstalledTasks.IMAGE_PARAM).withValue(new ParamValue(image(spec))).endParam()
          .withTaskRunSpecs(stepResources())
          .endSpec();
    } else {
      builder.editSpec().withPipelineSpec(embedded(image(spec))).endSpec();
    }
    return builder.build();
  }

  /** The resources of every step of every Task, which the embedded form sets in their step templates. */
  private List<PipelineTaskRunSpec> stepResources() {
    return pipeline.getSpec().getTasks().stream()
        .map(pipelineTask -> new PipelineTaskRunSpecBuilder()
            .withPipelineTaskName(pipelineTask.getName())
            .withStepSpecs(task(pipelineTask).getSpec().getSteps().stream()
                .map(step -> new TaskRunStepSpecBuilder().withName(step.getName()).withComputeResources(RESOURCES).build())
                .toList())
            .build())
        .toList();
  }

  private Task task(PipelineTask pipelineTask) {
    Task task = tasks.get(pipelineTask.getTaskRef().getName());
    if (task == null) {
      throw new IllegalStateException("bundled pipeline " + PIPELINE + " refers to unknown Task "
          + pipelineTask.getTaskRef().getName());
    }
    return task;
  }

  private String image(RefinerySpec spec) {
    return spec.getImage() == null || spec.getImage().isEmpty() ? defaultImage : spec.getImage();
  }

  /**
   * The bundled pipeline with each bundled taskRef replaced by the restricted Task itself. Its runs
   * carry no tekton.dev/task label: {@code tkn taskrun list <task>} fails on a labelled run without
   * a taskRef.
   */
  private PipelineSpec embedded(String image) {
    PipelineSpec spec = Serialization.clone(pipeline).getSpec();
    spec.getTasks().forEach(pipelineTask -> {
      Task task = task(pipelineTask);
      var restricted = RestrictedSteps.embed(Serialization.clone(task).getSpec(), image, RESOURCES, ids);
      EmbeddedTask embedded = Serialization.jsonMapper().convertValue(restricted, EmbeddedTask.class);
      pipelineTask.setTaskRef(null);
      pipelineTask.setTaskSpec(embedded);
    });
    return spec;
  }

  private static List<Param> params(Refinery refinery, Polecat polecat) {
    RefinerySpec spec = refinery.getSpec();
    Map<String, String> values = new LinkedHashMap<>();
    values.put("repo-url", spec.getGitRepository());
    values.put("target-branch", spec.getTargetBranch() == null ? "main" : spec.getTargetBranch());
    // What the Polecat's spec determines and its status reports: never a branch the status names.
    values.put("source-branch", PolecatDefaults.workBranch(polecat.getSpec()));
    values.put("source-commit", polecat.getStatus().getCommit());
    values.put("strategy", (spec.getStrategy() == null ? MergeStrategy.MERGE : spec.getStrategy()).param());
    values.put("test-command", spec.getTestCommand() == null ? "" : spec.getTestCommand());
    values.put("source-description", "polecat " + polecat.getMetadata().getName() + ", bead " + polecat.getSpec().getBeadID());
    if (spec.getMergeVia() == MergeVia.PULL_REQUEST) {
      ForgeSettings forge = ForgeSettings.of(spec);
      String head = headBranch(values.get("source-branch"));
      PullRequestText text = PullRequestText.of(refinery.getMetadata().getName(), polecat.getMetadata().getName(),
          polecat.getSpec().getBeadID(), values.get("source-branch"), values.get("source-commit"),
          values.get("target-branch"), head, values.get("strategy"), values.get("test-command"));
      values.put("merge-via", MergeVia.PULL_REQUEST.param());
      values.put("head-branch", head);
      values.put("forge-provider", forge.provider().param());
      values.put("forge-api-url", forge.apiURL());
      values.put("forge-repository", forge.repository());
      values.put("pull-request-title", text.title());
      values.put("pull-request-body", text.body());
      values.put("pull-request-draft", Boolean.toString(forge.draft()));
    }
    List<Param> params = new ArrayList<>();
    values.forEach((name, value) -> params.add(new ParamBuilder().withName(name).withValue(new ParamValue(value)).build()));
    return params;
  }

  /** The Refinery's branch for the tested merges of {@code sourceBranch}; it never pushes the Polecat's branch or the target. */
  public static String headBranch(String sourceBranch) {
    return HEAD_BRANCH_PREFIX + sourceBranch;
  }

  private static ObjectMeta metadata(Refinery refinery, Polecat polecat, int attempt) {
    Map<String, String> labels = Labels.forPolecat(polecat.getMetadata().getName(), refinery.getSpec().getRigRef(),
        polecat.getSpec().getBeadID());
    labels.put(Labels.REFINERY, refinery.getMetadata().getName());
    labels.put(Labels.POLECAT_UID, polecat.getMetadata().getUid());
    labels.put(Labels.ATTEMPT, Integer.toString(attempt));
    return new ObjectMetaBuilder()
        .withName(Names.mergePipelineRun(refinery.getMetadata().getName(), polecat.getMetadata().getName(), attempt))
        .withNamespace(refinery.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(refinery.getApiVersion())
            .withKind(refinery.getKind())
            .withName(refinery.getMetadata().getName())
            .withUid(refinery.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build())
        .build();
  }

  private static PipelineRef pipelineRef(TaskReference reference) {
    PipelineRef ref = new PipelineRef();
    ref.setName(reference.getName());
    ResolverFields.apply(reference, ref::setAdditionalProperty);
    return ref;
  }
}
