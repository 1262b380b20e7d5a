package io.gastown.operator.beadstore;

import static io.gastown.operator.executor.pod.StepContainers.container;
import static io.gastown.operator.executor.pod.StepContainers.emptyDir;
import static io.gastown.operator.executor.pod.StepContainers.mount;
import static io.gastown.operator.executor.pod.StepContainers.privateMounts;
import static io.gastown.operator.executor.pod.StepContainers.privateVolumes;
import static io.gastown.operator.executor.pod.StepContainers.readOnlyMount;
import static io.gastown.operator.executor.pod.StepContainers.secretVolume;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.tekton.v1.Step;
import io.fabric8.tekton.v1.Task;
import io.gastown.operator.api.beadstore.BeadStore;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.common.Labels;
import io.gastown.operator.common.Names;
import io.gastown.operator.common.Owners;
import io.gastown.operator.common.UserIds;
import io.gastown.operator.executor.pod.StepContainers;
import io.gastown.operator.steps.StepScripts;
import io.gastown.operator.steps.TaskVariables;
import io.gastown.operator.tekton.RestrictedSteps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BeadStore → its sync Pod, as a pure function: the init container {@code git-init} runs the
 * bundled gastown-git-clone step on the rig's repository, then {@code sync} runs gastown-bead-sync
 * on the clone, read-only. The SSH key is mounted in {@code git-init} only; the counts come back in
 * the sync container's termination message. Restricted like an agent pod, and never long.
 */
final class BeadSyncPodBuilder {

  static final String GIT_INIT = "git-init";
  static final String SYNC = "sync";
  static final long DEADLINE_SECONDS = 600;
  static final int READY_LIMIT = 20;
  private static final String SSH_DIR = "/etc/gastown/ssh";
  /** Never pushed: the clone step insists on creating a work branch. */
  private static final String LOCAL_BRANCH = "gastown/bead-sync";

  private final StepScripts steps;
  private final UserIds ids;

  BeadSyncPodBuilder(StepScripts steps, UserIds ids) {
    this.steps = steps;
    this.ids = ids;
  }

  /** @param repository what the rig's Polecats clone, {@link io.gastown.operator.agent.PolecatDefaults#rigRepository} */
  Pod build(BeadStore store, KubernetesSpec repository) {
    String secret = gitSecret(store, repository);
    return new PodBuilder()
        .withMetadata(metadata(store))
        .withNewSpec()
          .withRestartPolicy("Never")
          .withActiveDeadlineSeconds(DEADLINE_SECONDS)
          .withAutomountServiceAccountToken(false)
          .withEnableServiceLinks(false)
          .withSecurityContext(RestrictedSteps.podSecurityContext(ids))
          .withInitContainers(gitInit(repository, secret))
          .withContainers(sync(store, repository))
          .withVolumes(volumes(secret))
        .endSpec()
        .build();
  }

  /** The BeadStore's own key, else the one its rig's Polecats clone with. */
  static String gitSecret(BeadStore store, KubernetesSpec repository) {
    if (store.getSpec().getGitSecretRef() != null) {
      return store.getSpec().getGitSecretRef().getName();
    }
    return repository.getGitSecretRef() == null ? null : repository.getGitSecretRef().getName();
  }

  private Container gitInit(KubernetesSpec repository, String secret) {
    Task task = steps.gitClone();
    Step step = StepScripts.onlyStep(task);
    Map<String, String> workspaces = new HashMap<>(Map.of("output", StepContainers.WORKSPACE));
    List<VolumeMount> mounts = new ArrayList<>(privateMounts(GIT_INIT));
    mounts.add(mount("workspace", StepContainers.WORKSPACE));
    if (secret != null) {
      workspaces.put("ssh-directory", SSH_DIR);
      mounts.add(readOnlyMount("git-ssh", SSH_DIR));
    }
    Map<String, String> params = Map.of("url", repository.getGitRepository(), "revision", repository.getGitBranch(),
        "work-branch", LOCAL_BRANCH);
    TaskVariables vars = TaskVariables.forTask(task, params, workspaces, StepContainers.RESULTS);
    return container(GIT_INIT, step.getScript(), step.getEnv(), step.getArgs(), vars, repository.getImage(), List.of(),
        mounts, StepContainers.HELPER_RESOURCES, Map.of(), List.of(), ids);
  }

  private Container sync(BeadStore store, KubernetesSpec repository) {
    Task task = steps.beadSync();
    Step step = StepScripts.onlyStep(task);
    List<VolumeMount> mounts = new ArrayList<>(privateMounts(SYNC));
    mounts.add(readOnlyMount("workspace", StepContainers.WORKSPACE));
    Map<String, String> params = Map.of("prefix", store.getSpec().getPrefix(), "ready-limit", String.valueOf(READY_LIMIT));
    TaskVariables vars = TaskVariables.forTask(task, params, Map.of("source", StepContainers.WORKSPACE), StepContainers.RESULTS);
    return container(SYNC, step.getScript(), step.getEnv(), step.getArgs(), vars, repository.getImage(), List.of(),
        mounts, StepContainers.HELPER_RESOURCES, Map.of(), List.of(), ids);
  }

  private static List<Volume> volumes(String secret) {
    List<Volume> volumes = new ArrayList<>(List.of(emptyDir("workspace", "2Gi")));
    volumes.addAll(privateVolumes(GIT_INIT));
    volumes.addAll(privateVolumes(SYNC));
    if (secret != null) {
      volumes.add(secretVolume("git-ssh", secret, null, false));
    }
    return volumes;
  }

  private static io.fabric8.kubernetes.api.model.ObjectMeta metadata(BeadStore store) {
    var meta = store.getMetadata();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
    labels.put(Labels.BEADSTORE, meta.getName());
    labels.put(Labels.RIG, store.getSpec().getRigRef());
    ObjectMetaBuilder builder = new ObjectMetaBuilder()
        .withName(Names.beadSyncPod(meta.getName()))
        .withNamespace(meta.getNamespace())
        .withLabels(labels);
    if (meta.getUid() != null) {
      builder.withOwnerReferences(Owners.controller(store));
    }
    return builder.build();
  }
}
