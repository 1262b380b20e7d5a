package io.gastown.operator.steps;

import io.gastown.operator.NpmTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Claude Code CLI, installed once with npm into
 * {@code ~/.cache/gastown-operator/@anthropic-ai+claude-code-<version>} and shared by every test. The
 * version is the one the claude Task pins for images without Claude Code.
 */
final class ClaudeCodeCli {

  static final String VERSION = pinnedVersion();
  private static final NpmTool CLI = new NpmTool("@anthropic-ai/claude-code", VERSION, "claude");

  private ClaudeCodeCli() {
  }

  /** The directory holding the {@code claude} command, installing it first when missing. */
  static Path binDir() {
    Path bin = CLI.binDir();
    NpmTool.Output version = CLI.run(bin.getParent(), "--version");
    if (!version.text().contains(VERSION + " (Claude Code)")) {
      throw new IllegalStateException("Claude Code " + VERSION + " installed in " + bin + " does not run: " + version.text());
    }
    return bin;
  }

  private static String pinnedVersion() {
    Path task = TaskStep.repoRoot().resolve("tekton/tasks/claude.yaml");
    try {
      Matcher pin = Pattern.compile("CLAUDE_CODE_VERSION=([0-9][0-9A-Za-z.-]*)").matcher(Files.readString(task));
      if (!pin.find()) {
        throw new IllegalStateException("no CLAUDE_CODE_VERSION=... in " + task);
      }
      return pin.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
