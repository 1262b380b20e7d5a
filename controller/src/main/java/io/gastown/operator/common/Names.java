package io.gastown.operator.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
   * The hash is SHA-256's, not String.hashCode: whoever may name a Polecat could otherwise give it a
   * name whose run name is another Polecat's, and that Polecat would never be merged.
   */
  public static String mergePipelineRun(String refinery, String polecat, int attempt) {
    String name = "refinery-" + refinery + "-" + polecat + (attempt > 1 ? "-" + attempt : "");
    return name.length() <= MAX_LABEL_VALUE ? name : shortened(name, MAX_LABEL_VALUE);
  }

  /** Longest label value, and so longest name of an object that labels others with its name. */
  static final int MAX_LABEL_VALUE = 63;

  /** The first characters of {@code name} and {@code -<10 hex digits of its SHA-256>}, {@code max} in all. */
  static String shortened(String name, int max) {
    String hash = sha256Hex(name, 5);
    return name.substring(0, max - hash.length() - 1) + "-" + hash;
  }

  /** The first {@code bytes} bytes of the text's SHA-256, as hex digits. */
  public static String sha256Hex(String text, int bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** {@code beadstore-<name>-sync}: the Pod that reads a BeadStore's beads from its rig's repository. */
  public static String beadSyncPod(String beadStore) {
    return "beadstore-" + beadStore + "-sync";
  }

  /**
   * {@code polecat-<name>-pull-request}, {@code polecat-<name>-<attempt>-pull-request} from the second
   * attempt on: the run that talks to the forge after the agent's run. Cut and suffixed with a hash
   * when longer than a label value (Tekton labels the TaskRun's pod with it).
   */
  public static String pullRequestRun(String polecat, int attempt) {
    String name = "polecat-" + polecat + (attempt > 1 ? "-" + attempt : "") + "-pull-request";
    return name.length() <= MAX_LABEL_VALUE ? name : shortened(name, MAX_LABEL_VALUE);
  }

  public static String defaultWorkBranch(String beadID) {
    return "feature/" + beadID;
  }
}
