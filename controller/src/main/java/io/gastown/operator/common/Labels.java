package io.gastown.operator.common;

import java.util.LinkedHashMap;
import java.util.Map;

/** The contract labels put on everything the operator creates. */
public final class Labels {

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "gastown-operator";
  public static final String POLECAT = "gastown.gastown.io/polecat";
  public static final String RIG = "gastown.gastown.io/rig";
  public static final String BEAD = "gastown.gastown.io/bead";
  public static final String REFINERY = "gastown.gastown.io/refinery";
  public static final String BEADSTORE = "gastown.gastown.io/beadstore";
  public static final String POLECAT_UID = "gastown.gastown.io/polecat-uid";
  public static final String ATTEMPT = "gastown.gastown.io/attempt";

  /** Selector of every informer: the operator only caches what it created. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  private Labels() {}

  public static Map<String, String> forPolecat(String polecat, String rig, String bead) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(POLECAT, polecat);
    putIfPresent(labels, RIG, rig);
    putIfPresent(labels, BEAD, bead);
    return labels;
  }

  private static void putIfPresent(Map<String, String> labels, String key, String value) {
    if (value != null && !value.isEmpty()) {
      labels.put(key, value);
    }
  }
}
