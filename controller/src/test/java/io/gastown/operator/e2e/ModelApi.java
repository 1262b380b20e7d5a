package io.gastown.operator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Scripts the agents of the e2e cluster through its {@link ScriptedMessagesApi} and reads what they sent. */
final class ModelApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String url;

  ModelApi(E2eCluster cluster) {
    this.url = cluster.env("MESSAGES_API_URL");
  }

  /** The agent working on {@code bead} will take these steps, one per turn (the last repeats). */
  void script(String bead, Step... steps) {
    ArrayNode script = JSON.createArrayNode();
    for (Step step : steps) {
      script.add(step.json());
    }
    send(HttpRequest.newBuilder(URI.create(url + "/e2e/scripts/" + bead))
        .PUT(HttpRequest.BodyPublishers.ofString(script.toString())).build(), 204);
  }

  /** The text of the first user message the agent of {@code bead} sent: its prompt. */
  String prompt(String bead) {
    String body = send(HttpRequest.newBuilder(URI.create(url + "/e2e/requests?bead=" + URLEncoder.encode(bead, StandardCharsets.UTF_8)))
        .GET().build(), 200);
    try {
      for (JsonNode request : JSON.readTree(body)) {
        for (JsonNode block : JSON.readTree(request.path("body").asText()).path("messages").path(0).path("content")) {
          if ("text".equals(block.path("type").asText()) && block.path("text").asText().contains("You are working on issue")) {
            return block.path("text").asText();
          }
        }
        JsonNode content = JSON.readTree(request.path("body").asText()).path("messages").path(0).path("content");
        if (content.isTextual()) {
          return content.asText();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "";
  }

  /** The text of every tool result the agent of {@code bead} sent back (what its tools printed). */
  List<String> toolResults(String bead) {
    String body = send(HttpRequest.newBuilder(URI.create(url + "/e2e/requests?bead=" + URLEncoder.encode(bead, StandardCharsets.UTF_8)))
        .GET().build(), 200);
    List<String> results = new ArrayList<>();
    try {
      for (JsonNode request : JSON.readTree(body)) {
        for (JsonNode message : JSON.readTree(request.path("body").asText()).path("messages")) {
          for (JsonNode block : message.path("content")) {
            if ("tool_result".equals(block.path("type").asText())) {
              JsonNode content = block.path("content");
              if (content.isTextual()) {
                results.add(content.asText());
              }
              content.forEach(part -> results.add(part.path("text").asText()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return results;
  }

  private String send(HttpRequest request, int expected) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** One turn of a scripted agent. */
  record Step(JsonNode json) {

    static Step bash(String command) {
      return new Step(JSON.createObjectNode().put("bash", command));
    }

    static Step write(String path, String content) {
      var step = JSON.createObjectNode();
      step.putObject("write").put("path", path).put("content", content);
      return new Step(step);
    }

    static Step text(String text) {
      return new Step(JSON.createObjectNode().put("text", text));
    }
  }
}
