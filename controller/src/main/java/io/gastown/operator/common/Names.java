package io.gastown.operator.common;

/** The contract names of every object the operator creates. Never generated, so never duplicated. */
public final class Names {

  /** Longest Polecat name whose derived names ("polecat-<name>-workspace") stay valid label values. */
  public static final int MAX_POLECAT_NAME = 45;

  private Names() {}

  /** The most attempts a Polecat can have (a Witness's maxRetries is at most one less): two digits in names. */
  public static final int MAX_ATTEMPTS = 10;

  public static String polecatPod(String polecat) {
    return polecatPod(polecat, 1);
  }

  /** {@code polecat-<name>}, and {@code polecat-<name>-<attempt>} from the second attempt on. */
  public static String polecatPod(String polecat, int attempt) {
    return "polecat-" + polecat + (attempt > 1 ? "-" + attempt : "");
  }

  public static String gitCloneTaskRun(String polecat) {
    return gitCloneTaskRun(polecat, 1);
  }

  /** {@code polecat-<name>-git-clone}, then {@code polecat-<name>-<attempt>-clone}: within a label value's 63 characters. */
  public static String gitCloneTaskRun(String polecat, int attempt) {
    return "polecat-" + polecat + (attempt > 1 ? "-" + attempt + "-clone" : "-git-clone");
  }

  public static String claudeTaskRun(String polecat) {
    return claudeTaskRun(polecat, 1);
  }

  public static String claudeTaskRun(String polecat, int attempt) {
    return "polecat-" + polecat + (attempt > 1 ? "-" + attempt : "") + "-claude";
  }

  public static String workspaceClaim(String polecat) {
    return workspaceClaim(polecat, 1);
  }

  public static String workspaceClaim(String polecat, int attempt) {
    return "polecat-" + polecat + (attempt > 1 ? "-" + attempt + "-ws" : "-workspace");
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

  /** {@code beadstore-<name>-sync}: the Pod that reads a BeadStore's beads from its rig's repository. */
  public static String beadSyncPod(String beadStore) {
    return "beadstore-" + beadStore + "-sync";
  }

  public static String defaultWorkBranch(String beadID) {
    return "feature/" + beadID;
  }
}
