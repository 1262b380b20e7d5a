package io.gastown.operator.refinery;

import io.gastown.operator.api.polecat.ForgeProvider;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.TokenSecretReference;
import io.gastown.operator.api.refinery.RefinerySpec;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forge a Refinery in pull-request mode opens its pull requests on, with every default
 * applied: the provider's public API, the repository from the path of the git URL, drafts off.
 * Its input is the Refinery's effective {@code spec.pullRequest} (its own fields, else the Rig's
 * {@code polecatDefaults.pullRequest}). Pure.
 */
record ForgeSettings(ForgeProvider provider, String apiURL, String repository, TokenSecretReference token, boolean draft) {

  static final String GITHUB_API = "https://api.github.com";
  static final String GITLAB_API = "https://gitlab.com/api/v4";
  static final String TOKEN_KEY = "token";

  private static final Pattern REPOSITORY = Pattern.compile(PullRequestSpec.REPOSITORY_PATTERN);
  /** git@host:path, ssh://[user@]host[:port]/path, https://host[:port]/path. */
  private static final Pattern URL_PATH = Pattern.compile("^(?:[a-z+]+://[^/]+/|[^/:@]+@[^/:]+:)(.+)$");

  static ForgeSettings of(RefinerySpec spec) {
    PullRequestSpec pr = spec.getPullRequest() == null ? new PullRequestSpec() : spec.getPullRequest();
    ForgeProvider provider = pr.getProvider() == null ? ForgeProvider.GITHUB : pr.getProvider();
    String api = blank(pr.getApiURL()) ? (provider == ForgeProvider.GITLAB ? GITLAB_API : GITHUB_API) : pr.getApiURL();
    String repository = blank(pr.getRepository()) ? repositoryOf(spec.getGitRepository()).orElse(null) : pr.getRepository();
    return new ForgeSettings(provider, api, repository, pr.getTokenSecretRef(), Boolean.TRUE.equals(pr.getDraft()));
  }

  /** The key of the token Secret that the pull-request step reads as its file "token". */
  String tokenKey() {
    return token == null || blank(token.getKey()) ? TOKEN_KEY : token.getKey();
  }

  /** org/repo of git@github.com:org/repo.git, ssh://git@host:22/group/sub/project, https://host/org/repo. */
  static Optional<String> repositoryOf(String gitURL) {
    if (gitURL == null) {
      return Optional.empty();
    }
    Matcher m = URL_PATH.matcher(gitURL.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String path = m.group(1).replaceAll("/+$", "");
    path = path.endsWith(".git") ? path.substring(0, path.length() - 4) : path;
    return REPOSITORY.matcher(path).matches() ? Optional.of(path) : Optional.empty();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
