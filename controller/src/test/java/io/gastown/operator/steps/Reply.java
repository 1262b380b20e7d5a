package io.gastown.operator.steps;

import java.nio.file.Path;

/** One scripted answer of {@link FakeAnthropicApi} to a {@code POST /v1/messages}. */
public sealed interface Reply {

  /** The assistant ends its turn with this text. */
  record Text(String text) implements Reply {
  }

  /** The assistant calls a tool; Claude Code runs it and asks again with the tool's result. */
  record ToolUse(String tool, String inputJson) implements Reply {
  }

  /** The API fails with this HTTP status and Anthropic error body. */
  record Error(int status, String type, String message) implements Reply {
  }

  static Reply text(String text) {
    return new Text(text);
  }

  /** Claude Code's {@code Write} tool: creates or replaces {@code file} (absolute) with {@code content}. */
  static Reply writeFile(Path file, String content) {
    return new ToolUse("Write", FakeAnthropicApi.JSON.createObjectNode()
        .put("file_path", file.toAbsolutePath().toString())
        .put("content", content)
        .toString());
  }

  /** Claude Code's {@code Bash} tool: runs {@code command} in the agent's working directory. */
  static Reply bash(String command) {
    return new ToolUse("Bash", FakeAnthropicApi.JSON.createObjectNode()
        .put("command", command)
        .put("description", "Run a command")
        .toString());
  }

  static Reply expiredOAuthToken() {
    return new Error(401, "authentication_error", "OAuth token has expired");
  }

  static Reply serverError() {
    return new Error(500, "api_error", "Internal server error");
  }

  static Reply rateLimited() {
    return new Error(429, "rate_limit_error", "Number of request tokens has exceeded your rate limit");
  }
}
