package io.gastown.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** A status with conditions: every kind's. */
public interface WithConditions {

  List<Condition> getConditions();

  void setConditions(List<Condition> conditions);
}
