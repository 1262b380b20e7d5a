package io.gastown.operator.common;

/**
 * What the operator supplies for a Polecat that leaves it unset: the agent image and the model
 * endpoint. Read once from the operator's settings and shared by both builders, the validator
 * and {@code render}.
 */
public record AgentDefaults(String image, ModelEndpoint endpoint) {

  public static AgentDefaults withImage(String image) {
    return new AgentDefaults(image, ModelEndpoint.anthropic());
  }
}
