package io.gastown.operator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import io.gastown.operator.steps.FakeAnthropicApi;
import io.gastown.operator.steps.RecordedRequest;
import io.gastown.operator.steps.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The e2e cluster's model API: the steps tier's fake Messages API on an address pods reach, run
 * as its own process by {@code e2e/cluster up}. Many agents talk to it at once, so it answers each
 * request from the conversation itself, never from a global sequence: the bead ID in the prompt
 * picks a script and the number of assistant turns so far picks the step.
 *
 * <ul>
 *   <li>Credentials: only those listed in the credentials file are accepted ({@code x-api-key} or
 *       {@code Authorization: Bearer}); any other gets the API's 401, the way an expired OAuth token
 *       does.
 *   <li>A bead no test scripted: the agent writes {@code AGENT_WAS_HERE.md} (containing the bead
 *       ID) in the repository root, then ends with a one-line summary.
 *   <li>{@code PUT /e2e/scripts/BEAD} with a JSON array of steps scripts that bead: {@code {"text":
 *       "..."}}, {@code {"write": {"path": "relative/to/repo", "content": "..."}}}, {@code {"bash":
 *       "command"}}, {@code {"error": {"status": 500, "type": "api_error", "message": "..."}}}; the
 *       last step repeats.
 *   <li>{@code GET /e2e/requests?bead=BEAD} returns the messages requests of that bead (headers
 *       and bodies), so a test can see what the agent sent.
 * </ul>
 *
 * <pre>java ... ScriptedMessagesApi --listen HOST:PORT --credentials FILE</pre>
 */
public final class ScriptedMessagesApi {

  static final String MARKER_FILE = "AGENT_WAS_HERE.md";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BEAD = Pattern.compile("working on issue (\\S+) in the git repository");
  private static final Pattern WORKING_DIRECTORY = Pattern.compile("(?i)working directory: ([^\\s\\\\\"]+)");

  private final Set<String> credentials;
  private final Map<String, ArrayNode> scripts = new ConcurrentHashMap<>();
  private final FakeAnthropicApi api;

  private ScriptedMessagesApi(FakeAnthropicApi api, Set<String> credentials) {
    this.api = api;
    this.credentials = credentials;
    api.respondWith(this::reply);
    api.serve("/e2e/scripts/", this::script);
    api.serve("/e2e/requests", this::requests);
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> options = options(args);
    String[] listen = options.getOrDefault("--listen", "127.0.0.1:8089").split(":");
    Set<String> credentials = Files.readAllLines(Path.of(options.get("--credentials"))).stream()
        .map(String::trim).filter(line -> !line.isEmpty()).collect(Collectors.toUnmodifiableSet());
    var api = FakeAnthropicApi.start(new InetSocketAddress(listen[0], Integer.parseInt(listen[1])));
    new ScriptedMessagesApi(api, credentials);
    System.out.println("scripted Messages API on " + api.baseUrl() + " (" + credentials.size() + " credentials)");
  }

  private Reply reply(RecordedRequest request) {
    Optional<String> credential = credential(request);
    if (credential.isEmpty() || !credentials.contains(credential.get())) {
      return request.headers().containsKey("authorization")
          ? new Reply.Error(401, "authentication_error", "OAuth token has expired")
          : new Reply.Error(401, "authentication_error", "invalid x-api-key");
    }
    Optional<String> bead = find(BEAD, request.body());
    if (bead.isEmpty()) {
      return Reply.text("OK");
    }
    ArrayNode script = scripts.getOrDefault(bead.get(), defaultScript(bead.get()));
    int turn = 0;
    for (JsonNode message : request.json().path("messages")) {
      turn += "assistant".equals(message.path("role").asText()) ? 1 : 0;
    }
    JsonNode step = script.get(Math.min(turn, script.size() - 1));
    return toReply(step, find(WORKING_DIRECTORY, request.body()).orElse("."));
  }

  private static ArrayNode defaultScript(String bead) {
    ArrayNode script = JSON.createArrayNode();
    script.addObject().putObject("write").put("path", MARKER_FILE).put("content", bead + "\n");
    script.addObject().put("text", "Created " + MARKER_FILE + " for " + bead + ".");
    return script;
  }

  private static Reply toReply(JsonNode step, String workingDirectory) {
    if (step.has("write")) {
      return Reply.writeFile(Path.of(workingDirectory).resolve(step.path("write").path("path").asText()),
          step.path("write").path("content").asText());
    }
    if (step.has("bash")) {
      return Reply.bash(step.path("bash").asText());
    }
    if (step.has("error")) {
      JsonNode error = step.path("error");
      return new Reply.Error(error.path("status").asInt(500), error.path("type").asText("api_error"),
          error.path("message").asText("Internal server error"));
    }
    return Reply.text(step.path("text").asText("Done."));
  }

  private static Optional<String> credential(RecordedRequest request) {
    String key = request.headers().get("x-api-key");
    if (key != null) {
      return Optional.of(key);
    }
    String authorization = request.headers().getOrDefault("authorization", "");
    return authorization.startsWith("Bearer ") ? Optional.of(authorization.substring(7)) : Optional.empty();
  }

  private static Optional<String> find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private void script(HttpExchange exchange) throws IOException {
    try (exchange) {
      String bead = exchange.getRequestURI().getPath().substring("/e2e/scripts/".length());
      if (!"PUT".equals(exchange.getRequestMethod()) || bead.isEmpty()) {
        respond(exchange, 405, "{\"error\":\"PUT /e2e/scripts/BEAD with a JSON array of steps\"}");
        return;
      }
      JsonNode steps = JSON.readTree(exchange.getRequestBody());
      if (!steps.isArray() || steps.isEmpty()) {
        respond(exchange, 400, "{\"error\":\"a script is a non-empty JSON array of steps\"}");
        return;
      }
      scripts.put(bead, (ArrayNode) steps);
      respond(exchange, 204, "");
    }
  }

  private void requests(HttpExchange exchange) throws IOException {
    try (exchange) {
      String query = Optional.ofNullable(exchange.getRequestURI().getQuery()).orElse("");
      String bead = query.startsWith("bead=") ? query.substring(5) : "";
      ArrayNode out = JSON.createArrayNode();
      for (RecordedRequest request : api.requests()) {
        if (request.isMessages() && find(BEAD, request.body()).filter(bead::equals).isPresent()) {
          var node = out.addObject().put("path", request.path()).put("body", request.body());
          node.set("headers", JSON.valueToTree(request.headers()));
        }
      }
      respond(exchange, 200, out.toString());
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new ConcurrentHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    if (!options.containsKey("--credentials")) {
      throw new IllegalArgumentException("usage: ScriptedMessagesApi --listen HOST:PORT --credentials FILE");
    }
    return options;
  }
}
