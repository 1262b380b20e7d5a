package io.gastown.operator.refinery;

import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.api.refinery.MergeVia;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.refinery.RefinerySpec;
import io.gastown.operator.common.GitRefs;
import java.util.Optional;
import java.util.regex.Pattern;

/** Static checks of a Refinery spec; the CRD schema carries the same rules where it can. */
final class RefineryValidator {

  /** The longest label value: the Refinery's name and rigRef label its merge PipelineRuns. */
  static final int MAX_LABEL_VALUE = 63;

  private static final Pattern RIG = Pattern.compile(PolecatSpec.BEAD_ID_PATTERN);

  private RefineryValidator() {}

  static Optional<String> validate(Refinery refinery) {
    RefinerySpec spec = refinery.getSpec();
    String name = refinery.getMetadata().getName();
    if (name.length() > MAX_LABEL_VALUE) {
      return Optional.of("metadata.name must be at most " + MAX_LABEL_VALUE + " characters (it has " + name.length()
          + "): it is the value of the label gastown.gastown.io/refinery on the merge PipelineRuns");
    }
    if (spec.getRigRef() == null || spec.getRigRef().isEmpty()) {
      return Optional.of("spec.rigRef is required: it names the rig whose Polecats are merged");
    }
    if (!RIG.matcher(spec.getRigRef()).matches()) {
      return Optional.of("spec.rigRef may contain only letters, digits, '.', '_' and '-' and must be at most "
          + MAX_LABEL_VALUE + " characters: it is the value of the label gastown.gastown.io/rig on the merge PipelineRuns");
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
    return spec.getMergeVia() == MergeVia.PULL_REQUEST ? pullRequestProblem(spec) : Optional.empty();
  }

  /** What pull-request mode needs beyond push mode: a token, a repository on the forge, a head branch git accepts. */
  private static Optional<String> pullRequestProblem(RefinerySpec spec) {
    ForgeSettings forge = ForgeSettings.of(spec);
    if (forge.token() == null || forge.token().getName() == null || forge.token().getName().isEmpty()) {
      return Optional.of("spec.mergeVia pull-request needs spec.pullRequest.tokenSecretRef (or the Rig's"
          + " polecatDefaults.pullRequest.tokenSecretRef): the Secret with the forge API token that opens the pull requests");
    }
    if (forge.repository() == null) {
      return Optional.of("spec.mergeVia pull-request needs spec.pullRequest.repository (owner/repo or group/project):"
          + " it cannot be read from the path of " + spec.getGitRepository());
    }
    String target = spec.getTargetBranch() == null ? "main" : spec.getTargetBranch();
    if (target.startsWith(MergePipelineRunBuilder.HEAD_BRANCH_PREFIX)) {
      return Optional.of("spec.targetBranch may not start with " + MergePipelineRunBuilder.HEAD_BRANCH_PREFIX
          + " in pull-request mode: those are the Refinery's own branches");
    }
    return Optional.empty();
  }
}
