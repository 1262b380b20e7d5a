package io.gastown.operator.refinery;

import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.refinery.RefinerySpec;
import io.gastown.operator.common.GitRefs;
import java.util.Optional;

/** Static checks of a Refinery spec; the CRD schema carries the same rules where it can. */
final class RefineryValidator {

  private RefineryValidator() {}

  static Optional<String> validate(Refinery refinery) {
    RefinerySpec spec = refinery.getSpec();
    if (spec.getRigRef() == null || spec.getRigRef().isEmpty()) {
      return Optional.of("spec.rigRef is required: it names the rig whose Polecats are merged");
    }
    if (spec.getGitRepository() == null || spec.getGitRepository().isEmpty()) {
      return Optional.of("spec.gitRepository is required unless the Rig " + spec.getRigRef()
          + " exists: its spec.gitURL is the repository then");
    }
    var badUrl = GitRefs.gitUrlProblem("spec.gitRepository", spec.getGitRepository());
    if (badUrl.isPresent()) {
      return badUrl;
    }
    if (spec.getTargetBranch() != null && !GitRefs.isBranchName(spec.getTargetBranch())) {
      return Optional.of("spec.targetBranch is not a valid branch name");
    }
    if (spec.getParallelism() != null && spec.getParallelism() < 1) {
      return Optional.of("spec.parallelism must be at least 1");
    }
    return Optional.empty();
  }
}
