package io.gastown.operator.common;

/** The contract names of every object the operator creates. Never generated, so never duplicated. */
public final class Names {

  /** Longest Polecat name whose derived names ("polecat-<name>-workspace") stay valid label values. */
  public static final int MAX_POLECAT_NAME = 45;

  private Names() {}

  public static String polecatPod(String polecat) {
    return "polecat-" + polecat;
  }

  public static String gitCloneTaskRun(String polecat) {
    return "polecat-" + polecat + "-git-clone";
  }

  public static String claudeTaskRun(String polecat) {
    return "polecat-" + polecat + "-claude";
  }

  public static String workspaceClaim(String polecat) {
    return "polecat-" + polecat + "-workspace";
  }

  public static String defaultWorkBranch(String beadID) {
    return "feature/" + beadID;
  }
}
