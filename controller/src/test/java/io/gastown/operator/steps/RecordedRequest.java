package io.gastown.operator.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** A request {@link FakeAnthropicApi} received; header names are lower case. */
public record RecordedRequest(String method, String path, Map<String, String> headers, String body) {

  public JsonNode json() {
    try {
      return FakeAnthropicApi.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not JSON: " + body, e);
    }
  }

  public boolean isMessages() {
    return "POST".equals(method) && path.startsWith("/v1/messages") && !path.startsWith("/v1/messages/");
  }

  public String model() {
    return json().path("model").asText();
  }

  /** The text of every user message block, e.g. the prompt and Claude Code's context reminders. */
  public String userText() {
    StringBuilder text = new StringBuilder();
    for (JsonNode message : json().path("messages")) {
      if ("user".equals(message.path("role").asText())) {
        JsonNode content = message.path("content");
        if (content.isTextual()) {
          text.append(content.asText()).append('\n');
        }
        content.forEach(block -> text.append(block.path("text").asText()).append('\n'));
      }
    }
    return text.toString();
  }
}
