package io.gastown.operator.refinery;

/**
 * Title and body of the pull request a Refinery opens for one tested merge: who made the branch,
 * for which bead, how it was merged and tested, and that the branch is the Refinery's. The pipeline
 * adds the tested commit (known only once the merge is made). Pure.
 */
record PullRequestText(String title, String body) {

  /** GitHub refuses titles over 256 characters. */
  static final int MAX_TITLE = 256;

  /**
   * @param sourceCommit the commit the Polecat reported, the one merged
   * @param testCommand empty for none
   */
  static PullRequestText of(String refinery, String polecat, String bead, String sourceBranch, String sourceCommit,
      String targetBranch, String headBranch, String strategy, String testCommand) {
    String title = "Merge " + sourceBranch + " (bead " + bead + ", Polecat " + polecat + ")";
    String tests = testCommand == null || testCommand.isBlank()
        ? "No test command is set, so no tests ran."
        : "The test command passed on the merged tree:\n\n```\n" + testCommand.replace("```", "'''") + "\n```";
    String body = "Polecat `" + polecat + "` worked on bead `" + bead + "` and pushed `" + sourceBranch + "` at "
        + sourceCommit + ". The Gas Town Refinery `" + refinery + "` merged it onto `" + targetBranch
        + "` (strategy " + strategy + ") and tested the result before opening this pull request.\n\n" + tests
        + "\n\n`" + headBranch + "` belongs to the Refinery: each new tested merge of `" + sourceBranch
        + "` replaces it. Merge through the forge (branch protection or merge queue); do not push to it.";
    return new PullRequestText(title.length() > MAX_TITLE ? title.substring(0, MAX_TITLE) : title, body);
  }
}
