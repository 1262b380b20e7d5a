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

  /**
   * {@code refinery-<refinery>-<polecat>}, with {@code -<attempt>} from the second attempt on; cut
   * and suffixed with a hash when longer than a label value may be (Tekton labels TaskRuns with it).
   */
  public static String mergePipelineRun(String refinery, String polecat, int attempt) {
    String name = "refinery-" + refinery + "-" + polecat + (attempt > 1 ? "-" + attempt : "");
    if (name.length() <= 63) {
      return name;
    }
    String hash = Integer.toHexString(name.hashCode() & 0x7fffffff);
    return name.substring(0, 62 - hash.length()) + "-" + hash;
  }

  public static String defaultWorkBranch(String beadID) {
    return "feature/" + beadID;
  }
}
