package io.gastown.operator.common;

import io.gastown.operator.api.polecat.KubernetesSpec;
import java.util.Optional;
import java.util.regex.Pattern;

/** Which git URLs and branch names the operator accepts from a spec. */
public final class GitRefs {

  private static final Pattern BRANCH = Pattern.compile(KubernetesSpec.BRANCH_PATTERN);
  private static final Pattern GIT_URL = Pattern.compile(KubernetesSpec.GIT_URL_PATTERN);
  /** A credential in a URL: https://user:token@host or https://token@host. */
  private static final Pattern URL_CREDENTIAL = Pattern.compile("^[a-z]+://[^/@]*(:[^/@]*)?@");

  private GitRefs() {}

  public static boolean isGitUrl(String url) {
    return url != null && GIT_URL.matcher(url).matches();
  }

  /** Why {@code url} cannot be a repository of a Polecat or Refinery, or empty when it can. */
  public static Optional<String> gitUrlProblem(String field, String url) {
    if (url != null && URL_CREDENTIAL.matcher(url).find() && !url.startsWith("ssh://")) {
      return Optional.of(field + " carries a credential (" + url.replaceAll("://[^/@]*@", "://***@")
          + "): it would be visible in the pod, its logs and the clone's config; use an ssh URL and put the key in"
          + " a secret named by gitSecretRef");
    }
    return isGitUrl(url) ? Optional.empty() : Optional.of(field + " " + quoted(url)
        + " is not a git URL this operator clones (git@host:org/repo.git, ssh://host/org/repo.git or https://host/org/repo.git)");
  }

  public static boolean isBranchName(String branch) {
    return branchNameProblem(branch).isEmpty();
  }

  /** What is wrong with {@code branch} as a branch name (e.g. "must not contain '..'"), or empty when nothing is. */
  public static Optional<String> branchNameProblem(String branch) {
    if (branch == null || branch.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (!BRANCH.matcher(branch).matches()) {
      return Optional.of(branch.length() > 200 ? "must be at most 200 characters"
          : !Character.isLetterOrDigit(branch.charAt(0)) || branch.charAt(0) > 127 ? "must start with a letter or a digit"
          : "may contain only letters, digits, '.', '_', '-' and '/'");
    }
    for (String forbidden : new String[] {"..", "//"}) {
      if (branch.contains(forbidden)) {
        return Optional.of("must not contain '" + forbidden + "'");
      }
    }
    for (String end : new String[] {"/", ".lock", "."}) {
      if (branch.endsWith(end)) {
        return Optional.of("must not end with '" + end + "'");
      }
    }
    return Optional.empty();
  }

  /** A value for a message: quoted, control characters replaced, at most 80 characters. */
  public static String quoted(String value) {
    if (value == null) {
      return "\"\"";
    }
    String printable = value.codePoints()
        .mapToObj(c -> Character.isISOControl(c) ? "?" : Character.toString(c))
        .reduce("", String::concat);
    return "\"" + (printable.length() > 80 ? printable.substring(0, 80) + "..." : printable) + "\"";
  }
}
