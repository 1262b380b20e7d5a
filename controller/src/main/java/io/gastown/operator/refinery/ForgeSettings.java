package io.gastown.operator.refinery;

import io.gastown.operator.agent.PolecatDefaults;
import io.gastown.operator.api.polecat.ForgeProvider;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.TokenSecretReference;
import io.gastown.operator.api.refinery.RefinerySpec;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The forge a Refinery in pull-request mode opens its pull requests on, with every default
 * applied: the provider's public API, the repository from the path of the git URL, drafts off.
 * Its input is the Refinery's effective {@code spec.pullRequest} (its own fields, else the Rig's
 * {@code polecatDefaults.pullRequest}). Pure.
 */
record ForgeSettings(ForgeProvider provider, String apiURL, String repository, TokenSecretReference token, boolean draft) {

  /** The file of the forge-token workspace that gastown-pull-request reads. */
  static final String TOKEN_FILE = "token";

  private static final Pattern REPOSITORY = Pattern.compile(PullRequestSpec.REPOSITORY_PATTERN);

  static ForgeSettings of(RefinerySpec spec) {
    // The Polecats' defaults, but for the repository: only a path a forge can have.
    PullRequestSpec pr = PolecatDefaults.pullRequest(spec.getPullRequest(), null, null, spec.getTargetBranch());
    String repository = pr.getRepository() != null ? pr.getRepository() : repositoryOf(spec.getGitRepository()).orElse(null);
    return new ForgeSettings(pr.getProvider(), pr.getApiURL(), repository, pr.getTokenSecretRef(), pr.getDraft());
  }

  /** The key of the token Secret that the pull-request step reads as its file "token". */
  String tokenKey() {
    return token == null ? PolecatDefaults.TOKEN_KEY : token.getKey();
  }

  /** The repository path of the git URL (see {@link PolecatDefaults#repositoryPath}), when it is one a forge can have. */
  static Optional<String> repositoryOf(String gitURL) {
    return Optional.ofNullable(PolecatDefaults.repositoryPath(gitURL)).filter(path -> REPOSITORY.matcher(path).matches());
  }
}
