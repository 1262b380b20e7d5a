package io.gastown.operator.executor.tekton;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretVolumeSourceBuilder;
import io.fabric8.tekton.v1.Param;
import io.fabric8.tekton.v1.ParamBuilder;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.Task;
import io.fabric8.tekton.v1.TaskRef;
import io.fabric8.tekton.v1.TaskRun;
import io.fabric8.tekton.v1.TaskRunBuilder;
import io.fabric8.tekton.v1.TaskRunStepSpec;
import io.fabric8.tekton.v1.TaskRunStepSpecBuilder;
import io.fabric8.tekton.v1.WorkspaceBinding;
import io.fabric8.tekton.v1.WorkspaceBindingBuilder;
import io.gastown.operator.agent.AgentParams;
import io.gastown.operator.agent.SecretKeyNames;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.api.polecat.TaskReference;
import io.gastown.operator.api.polecat.TektonSpec;
import io.gastown.operator.api.polecat.TokenSecretReference;
import io.gastown.operator.common.Names;
import io.gastown.operator.common.UserIds;
import io.gastown.operator.executor.pod.StepContainers;
import io.gastown.operator.steps.StepScripts;
import io.gastown.operator.tekton.InstalledTasks;
import io.gastown.operator.tekton.ResolverFields;
import io.gastown.operator.tekton.RestrictedSteps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Polecat → workspace PVC and the two TaskRuns of the tekton mode, as pure functions. Each TaskRun
 * runs a bundled Task: the restricted copy installed with the operator, through the cluster
 * resolver, when {@link InstalledTasks} names its namespace; else that copy embedded in the run
 * (the same steps, security context and volumes). {@code spec.tekton.*TaskRef} names a
 * user-managed Task instead. Secrets reach the Tasks as workspaces or secretKeyRef env, never as
 * params.
 */
public final class PolecatTaskRunBuilder {

  private final StepScripts steps;
  private final UserIds ids;
  private final InstalledTasks installed;

  /**
   * Builds the objects of Polecats resolved by {@link io.gastown.operator.agent.PolecatDefaults#resolve};
   * pods run as uid 65532 and embed the bundled Tasks.
   */
  public PolecatTaskRunBuilder(StepScripts steps) {
    this(steps, UserIds.FIXED, InstalledTasks.EMBEDDED);
  }

  public PolecatTaskRunBuilder(StepScripts steps, UserIds ids, InstalledTasks installed) {
    this.steps = steps;
    this.ids = ids;
    this.installed = installed;
  }

  public PersistentVolumeClaim workspace(Polecat polecat) {
    TektonSpec tekton = polecat.getSpec().getTekton();
    String size = tekton.getWorkspaceSize();
    return new PersistentVolumeClaimBuilder()
        .withMetadata(AgentParams.ownedMetadata(polecat, Names.workspaceClaim(polecat.getMetadata().getName(), AgentParams.attempt(polecat))))
        .withNewSpec()
          .withAccessModes("ReadWriteOnce")
          .withStorageClassName(tekton.getStorageClassName())
          .withNewResources().withRequests(Map.of("storage", new Quantity(size))).endResources()
        .endSpec()
        .build();
  }

  public TaskRun gitClone(Polecat polecat) {
    KubernetesSpec k8s = polecat.getSpec().getKubernetes();
    List<WorkspaceBinding> workspaces = new ArrayList<>(List.of(claim("output", polecat)));
    if (k8s.getGitSecretRef() != null) {
      workspaces.add(secret("ssh-directory", k8s.getGitSecretRef().getName()));
    }
    return taskRun(polecat, Names.gitCloneTaskRun(polecat.getMetadata().getName(), AgentParams.attempt(polecat)),
        steps.gitClone(), polecat.getSpec().getTekton().getGitCloneTaskRef(), stringParams(AgentParams.gitClone(polecat.getSpec())),
        workspaces, List.of());
  }

  /**
   * The claude TaskRun. Each credential is its own workspace, mounted by the bundled Task only in
   * the steps that need it (isolated workspaces): the API key and the setup-token in the credential
   * proxy and the push step, the SSH key in the push step, a .credentials.json in the agent's step.
   */
  public TaskRun claude(Polecat polecat) {
    PolecatSpec spec = polecat.getSpec();
    KubernetesSpec k8s = spec.getKubernetes();
    List<WorkspaceBinding> workspaces = new ArrayList<>(List.of(claim("source", polecat)));
    if (k8s.getApiKeySecretRef() != null) {
      workspaces.add(secret("api-key", k8s.getApiKeySecretRef().getName(),
          k8s.getApiKeySecretRef().getKey(), SecretKeyNames.DEFAULT_API_KEY, false));
    }
    if (k8s.getClaudeCredsSecretRef() != null) {
      String secret = k8s.getClaudeCredsSecretRef().getName();
      workspaces.add(secret("claude-home", secret, SecretKeyNames.CLAUDE_OAUTH_TOKEN, SecretKeyNames.CLAUDE_OAUTH_TOKEN, true));
      workspaces.add(secret("claude-credentials", secret, SecretKeyNames.CLAUDE_CREDENTIALS, SecretKeyNames.CLAUDE_CREDENTIALS, true));
    }
    if (k8s.getGitSecretRef() != null) {
      workspaces.add(secret("ssh-directory", k8s.getGitSecretRef().getName()));
    }
    List<Param> params = stringParams(AgentParams.claude(spec));
    params.add(new ParamBuilder().withName("extra-args")
        .withValue(new ParamValue(AgentParams.extraArgs(spec))).build());
    List<EnvVar> agentEnv = AgentParams.agentEnv(spec);
    Task bundled = steps.claude();
    // agentConfig.env is the agent's: only its step gets it (an override Task gets it in every step).
    StepScripts.step(bundled, StepScripts.CLAUDE_STEP).getEnv().addAll(agentEnv);
    return taskRun(polecat, Names.claudeTaskRun(polecat.getMetadata().getName(), AgentParams.attempt(polecat)),
        bundled, polecat.getSpec().getTekton().getClaudeTaskRef(), params, workspaces, agentEnv);
  }

  /** The forge step's TaskRun ({@link Names#pullRequestRun}) runs at most this long. */
  public static final java.time.Duration PULL_REQUEST_TIMEOUT = java.time.Duration.ofMinutes(5);

  /**
   * The forge step after the claude TaskRun: the bundled gastown-pull-request (installed or
   * embedded, like the other runs), with {@code params} and the forge token (the one key of its
   * secret, as the file {@code token}) as its only workspace. No workspace of the agent's run, no
   * other credential.
   */
  public TaskRun pullRequest(Polecat polecat, Map<String, String> params) {
    KubernetesSpec k8s = polecat.getSpec().getKubernetes();
    TokenSecretReference token = polecat.getSpec().getPullRequest().getTokenSecretRef();
    Task bundled = steps.pullRequest();
    TaskRunBuilder builder = new TaskRunBuilder()
        .withMetadata(AgentParams.ownedMetadata(polecat, Names.pullRequestRun(polecat.getMetadata().getName(), AgentParams.attempt(polecat))))
        .withNewSpec()
          .withWorkspaces(secret("forge-token", token.getName(), token.getKey(), "token", false))
          .withTimeout(new io.fabric8.kubernetes.api.model.Duration(PULL_REQUEST_TIMEOUT))
          .withPodTemplate(RestrictedSteps.podTemplate(List.of(), ids))
        .endSpec();
    if (installed.referenced()) {
      return builder.editSpec()
          .withTaskRef(installed.taskRef(bundled.getMetadata().getName()))
          .withParams(withImage(stringParams(params), k8s.getImage()))
          .withStepSpecs(stepResources(bundled, StepContainers.HELPER_RESOURCES))
          .endSpec().build();
    }
    return builder.editSpec()
        .withParams(stringParams(params))
        .withTaskSpec(RestrictedSteps.embed(bundled.getSpec(), k8s.getImage(), StepContainers.HELPER_RESOURCES, ids))
        .endSpec().build();
  }

  private TaskRun taskRun(Polecat polecat, String name, Task bundled, TaskReference override,
      List<Param> params, List<WorkspaceBinding> workspaces, List<EnvVar> agentEnv) {
    KubernetesSpec k8s = polecat.getSpec().getKubernetes();
    TektonSpec tekton = polecat.getSpec().getTekton();
    String serviceAccount = tekton.getServiceAccountName() != null ? tekton.getServiceAccountName() : k8s.getServiceAccountName();
    TaskRunBuilder builder = new TaskRunBuilder()
        .withMetadata(AgentParams.ownedMetadata(polecat, name))
        .withNewSpec()
          .withParams(params)
          .withWorkspaces(workspaces)
          .withServiceAccountName(serviceAccount)
          .withTimeout(new io.fabric8.kubernetes.api.model.Duration(java.time.Duration.ofSeconds(k8s.getActiveDeadlineSeconds())))
          .withPodTemplate(RestrictedSteps.podTemplate(override == null ? List.of() : agentEnv, ids))
        .endSpec();
    if (override != null) {
      return builder.editSpec().withTaskRef(taskRef(override)).endSpec().build();
    }
    // A referenced Task cannot give agentConfig.env to the agent's step alone: such a run embeds it.
    if (installed.referenced() && agentEnv.isEmpty()) {
      return builder.editSpec()
          .withTaskRef(installed.taskRef(bundled.getMetadata().getName()))
          .withParams(withImage(params, k8s.getImage()))
          .withStepSpecs(stepResources(bundled, k8s.getResources()))
          .endSpec().build();
    }
    return builder.editSpec()
        .withTaskSpec(RestrictedSteps.embed(bundled.getSpec(), k8s.getImage(), k8s.getResources(), ids))
        .endSpec().build();
  }

  /** The params and, unless they have it, the installed Task's image param. */
  private static List<Param> withImage(List<Param> params, String image) {
    List<Param> withImage = new ArrayList<>(params);
    if (params.stream().noneMatch(p -> InstalledTasks.IMAGE_PARAM.equals(p.getName()))) {
      withImage.add(new ParamBuilder().withName(InstalledTasks.IMAGE_PARAM).withValue(new ParamValue(image)).build());
    }
    return withImage;
  }

  /** The resources of every step, which the embedded form sets in its step template. */
  private static List<TaskRunStepSpec> stepResources(Task bundled, ResourceRequirements resources) {
    if (resources == null) {
      return null;
    }
    return bundled.getSpec().getSteps().stream()
        .map(step -> new TaskRunStepSpecBuilder().withName(step.getName()).withComputeResources(resources).build())
        .toList();
  }

  /** A namespace Task by name, or a remote one through a resolver (fields newer than the 7.1 model). */
  private static TaskRef taskRef(TaskReference reference) {
    TaskRef ref = new TaskRef();
    ref.setName(reference.getName());
    ResolverFields.apply(reference, ref::setAdditionalProperty);
    return ref;
  }

  private static List<Param> stringParams(Map<String, String> values) {
    List<Param> params = new ArrayList<>();
    values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        params.add(new ParamBuilder().withName(e.getKey()).withValue(new ParamValue(e.getValue())).build()));
    return params;
  }

  private static WorkspaceBinding claim(String name, Polecat polecat) {
    return new WorkspaceBindingBuilder().withName(name)
        .withNewPersistentVolumeClaim(Names.workspaceClaim(polecat.getMetadata().getName(), AgentParams.attempt(polecat)), false)
        .build();
  }

  private static WorkspaceBinding secret(String name, String secretName) {
    return new WorkspaceBindingBuilder().withName(name)
        .withSecret(new SecretVolumeSourceBuilder().withSecretName(secretName).withDefaultMode(0440).build())
        .build();
  }

  /** One key of a secret as the file {@code path}; optional when the secret may hold another key instead. */
  private static WorkspaceBinding secret(String name, String secretName, String key, String path, boolean optional) {
    return new WorkspaceBindingBuilder().withName(name)
        .withSecret(new SecretVolumeSourceBuilder().withSecretName(secretName).withDefaultMode(0440)
            .withItems(new KeyToPath(key, null, path)).withOptional(optional ? Boolean.TRUE : null).build())
        .build();
  }
}
