package io.gastown.operator.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local Anthropic Messages API that answers {@code POST /v1/messages} with the {@link Reply} its
 * {@link Responder} picks and records every request. By default (the steps tier) it listens on
 * 127.0.0.1 and answers from a script of replies (the last one repeats). Streaming requests get the
 * server-sent events the real API sends. Claude Code 2.1 with
 * {@code CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1} calls nothing else; any other path gets a 404
 * Anthropic error and is recorded, so a test can see it.
 */
public final class FakeAnthropicApi implements AutoCloseable, AfterAllCallback {

  /** Picks the answer to one messages request. */
  @FunctionalInterface
  public interface Responder {
    Reply reply(RecordedRequest request);
  }

  static final ObjectMapper JSON = new ObjectMapper();
  static final int INPUT_TOKENS = 10;
  static final int OUTPUT_TOKENS = 5;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile List<Reply> script = List.of(Reply.text("Done."));
  private final AtomicInteger next = new AtomicInteger();
  private volatile Responder responder = request -> script.get(Math.min(next.getAndIncrement(), script.size() - 1));

  private FakeAnthropicApi(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static FakeAnthropicApi start() {
    return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  public static FakeAnthropicApi start(InetSocketAddress address) {
    try {
      return new FakeAnthropicApi(HttpServer.create(address, 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers every following request with what {@code responder} picks instead of the script. */
  public void respondWith(Responder responder) {
    this.responder = responder;
  }

  /** Serves other requests under {@code path} (e.g. a control endpoint) with {@code handler}. */
  public void serve(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  /** The value for the {@code anthropic-base-url} param. */
  public String baseUrl() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  /**
   * Starts afresh for the next run: forgets the recorded requests and answers the following message
   * requests with these replies in order, repeating the last one.
   */
  void script(Reply... replies) {
    requests.clear();
    script = List.of(replies);
    next.set(0);
  }

  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the recorded requests. */
  public void forgetRequests() {
    requests.clear();
  }

  List<RecordedRequest> messageRequests() {
    return requests.stream().filter(RecordedRequest::isMessages).toList();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      var request = record(exchange);
      if (!request.isMessages()) {
        sendJson(exchange, 404, error("not_found_error", "no such endpoint in the fake API: " + request.path()));
        return;
      }
      Reply reply = responder.reply(request);
      if (reply instanceof Reply.Error failure) {
        sendJson(exchange, failure.status(), error(failure.type(), failure.message()));
      } else if (request.json().path("stream").asBoolean()) {
        stream(exchange, request.model(), reply);
      } else {
        sendJson(exchange, 200, message(request.model(), reply));
      }
    }
  }

  private RecordedRequest record(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    var request = new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body);
    requests.add(request);
    return request;
  }

  private ObjectNode message(String model, Reply reply) {
    ObjectNode message = messageStart(model);
    message.putArray("content").add(contentBlock(reply, true));
    message.put("stop_reason", stopReason(reply));
    message.with("usage").put("output_tokens", OUTPUT_TOKENS);
    return message;
  }

  /** The event sequence of a streamed reply with one content block. */
  private void stream(HttpExchange exchange, String model, Reply reply) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    ObjectNode start = messageStart(model);
    start.with("usage").put("output_tokens", 1);
    send(out, "message_start", JSON.createObjectNode().set("message", start));
    send(out, "content_block_start", JSON.createObjectNode().put("index", 0).set("content_block", contentBlock(reply, false)));
    ObjectNode delta = JSON.createObjectNode();
    if (reply instanceof Reply.Text text) {
      delta.put("type", "text_delta").put("text", text.text());
    } else if (reply instanceof Reply.ToolUse toolUse) {
      delta.put("type", "input_json_delta").put("partial_json", toolUse.inputJson());
    }
    send(out, "content_block_delta", JSON.createObjectNode().put("index", 0).set("delta", delta));
    send(out, "content_block_stop", JSON.createObjectNode().put("index", 0));
    ObjectNode messageDelta = JSON.createObjectNode();
    messageDelta.putObject("delta").put("stop_reason", stopReason(reply)).putNull("stop_sequence");
    messageDelta.putObject("usage").put("output_tokens", OUTPUT_TOKENS);
    send(out, "message_delta", messageDelta);
    send(out, "message_stop", JSON.createObjectNode());
  }

  private static void send(OutputStream out, String event, ObjectNode data) throws IOException {
    data.put("type", event);
    out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private ObjectNode messageStart(String model) {
    ObjectNode message = JSON.createObjectNode()
        .put("id", "msg_fake_" + ids.incrementAndGet())
        .put("type", "message")
        .put("role", "assistant")
        .put("model", model);
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.putObject("usage").put("input_tokens", INPUT_TOKENS).put("output_tokens", 0);
    return message;
  }

  /** A content block; when streamed, the text or tool input follows in a delta. */
  private ObjectNode contentBlock(Reply reply, boolean complete) {
    if (reply instanceof Reply.ToolUse toolUse) {
      ObjectNode block = JSON.createObjectNode().put("type", "tool_use").put("id", "toolu_fake_" + ids.incrementAndGet())
          .put("name", toolUse.tool());
      try {
        block.set("input", complete ? JSON.readTree(toolUse.inputJson()) : JSON.createObjectNode());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return block;
    }
    return JSON.createObjectNode().put("type", "text").put("text", complete ? ((Reply.Text) reply).text() : "");
  }

  private static String stopReason(Reply reply) {
    return reply instanceof Reply.ToolUse ? "tool_use" : "end_turn";
  }

  private static ObjectNode error(String type, String message) {
    ObjectNode body = JSON.createObjectNode().put("type", "error");
    body.putObject("error").put("type", type).put("message", message);
    return body;
  }

  private static void sendJson(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
