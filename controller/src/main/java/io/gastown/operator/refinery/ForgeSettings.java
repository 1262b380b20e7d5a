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

  static final String TOKEN_KEY = "token";

  private static final Pattern REPOSITORY = Pattern.compile(PullRequestSpec.REPOSITORY_PATTERN);

  static ForgeSettings of(RefinerySpec spec) {
    PullRequestSpec pr = spec.getPullRequest() == null ? new PullRequestSpec() : spec.getPullRequest();
    ForgeProvider provider = pr.getProvider() == null ? ForgeProvider.GITHUB : pr.getProvider();
    String api = blank(pr.getApiURL()) ? PolecatDefaults.defaultApiUrl(provider) : pr.getApiURL();
    String repository = blank(pr.getRepository()) ? repositoryOf(spec.getGitRepository()).orElse(null) : pr.getRepository();
    return new ForgeSettings(provider, api, repository, pr.getTokenSecretRef(), Boolean.TRUE.equals(pr.getDraft()));
  }

  /** The key of the token Secret that the pull-request step reads as its file "token". */
  String tokenKey() {
    return token == null || blank(token.getKey()) ? TOKEN_KEY : token.getKey();
  }

  /** The repository path of the git URL (see {@link PolecatDefaults#repositoryPath}), when it is one a forge can have. */
  static Optional<String> repositoryOf(String gitURL) {
    return Optional.ofNullable(PolecatDefaults.repositoryPath(gitURL)).filter(path -> REPOSITORY.matcher(path).matches());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
