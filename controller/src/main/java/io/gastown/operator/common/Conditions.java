package io.gastown.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Condition lists where lastTransitionTime moves only when a condition's status flips. */
public final class Conditions {

  private Conditions() {}

  public static List<Condition> set(
      List<Condition> current, String type, boolean status, String reason, String message, Instant now) {
    return set(current, type, status ? "True" : "False", reason, message, now);
  }

  /** Status Unknown: what the condition tells is still under way. */
  public static List<Condition> setUnknown(List<Condition> current, String type, String reason, String message, Instant now) {
    return set(current, type, "Unknown", reason, message, now);
  }

  /** The list without the condition {@code type}. */
  public static List<Condition> remove(List<Condition> current, String type) {
    return current == null ? null : current.stream().filter(c -> !type.equals(c.getType())).toList();
  }

  private static List<Condition> set(
      List<Condition> current, String type, String statusText, String reason, String message, Instant now) {
    Optional<Condition> previous = find(current, type);
    String transition = previous
        .filter(c -> statusText.equals(c.getStatus()))
        .map(Condition::getLastTransitionTime)
        .orElse(Timestamps.format(now));
    Condition updated = new ConditionBuilder()
        .withType(type)
        .withStatus(statusText)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(transition)
        .build();
    List<Condition> result = new ArrayList<>();
    boolean replaced = false;
    for (Condition c : current == null ? List.<Condition>of() : current) {
      if (type.equals(c.getType())) {
        result.add(updated);
        replaced = true;
      } else {
        result.add(c);
      }
    }
    if (!replaced) {
      result.add(updated);
    }
    return result;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
