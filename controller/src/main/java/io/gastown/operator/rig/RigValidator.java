package io.gastown.operator.rig;

import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.GitRefs;
import java.util.Optional;

/** What the CRD schema cannot say about a Rig. */
final class RigValidator {

  private RigValidator() {}

  static Optional<String> validate(Rig rig) {
    var badUrl = GitRefs.gitUrlProblem("spec.gitURL", rig.getSpec().getGitURL());
    if (badUrl.isPresent()) {
      return badUrl;
    }
    var defaults = rig.getSpec().getPolecatDefaults();
    KubernetesSpec k8s = defaults == null ? null : defaults.getKubernetes();
    if (defaults != null && defaults.getTaskDescription() != null) {
      return Optional.of("spec.polecatDefaults.taskDescription cannot be a default: each Polecat has its own task (or its bead's)");
    }
    if (k8s != null && k8s.getGitRepository() != null) {
      return Optional.of("spec.polecatDefaults.kubernetes.gitRepository cannot be a default: the rig's repository is spec.gitURL");
    }
    if (k8s != null && k8s.getWorkBranch() != null) {
      return Optional.of("spec.polecatDefaults.kubernetes.workBranch cannot be a default: each Polecat pushes its own branch");
    }
    if (k8s != null && k8s.getGitBranch() != null && !GitRefs.isBranchName(k8s.getGitBranch())) {
      return Optional.of("spec.polecatDefaults.kubernetes.gitBranch is not a valid branch name");
    }
    return Optional.empty();
  }
}
