package io.gastown.operator.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real Claude Code CLI, installed once with npm into
 * {@code ~/.cache/gastown-operator/claude-code-<version>} and shared by every test of the JVM. The
 * version is the one the claude Task pins for images without Claude Code.
 */
final class ClaudeCodeCli {

  static final String VERSION = pinnedVersion();
  private static final String PACKAGE = "@anthropic-ai/claude-code@" + VERSION;

  private static Path binDir;

  private ClaudeCodeCli() {
  }

  /** The directory holding the {@code claude} command, installing it first when missing. */
  static synchronized Path binDir() {
    if (binDir == null) {
      Path prefix = Path.of(System.getProperty("user.home"), ".cache", "gastown-operator", "claude-code-" + VERSION);
      Path bin = prefix.resolve("node_modules/.bin");
      if (!works(bin)) {
        install(prefix);
      }
      if (!works(bin)) {
        throw new IllegalStateException("Claude Code " + VERSION + " installed in " + prefix + " does not run");
      }
      binDir = bin;
    }
    return binDir;
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

  private static boolean works(Path bin) {
    Path claude = bin.resolve("claude");
    return Files.isExecutable(claude) && run(bin.getParent(), claude.toString(), "--version").contains(VERSION + " (Claude Code)");
  }

  /** Installs next to the final place and moves it there, so a half-finished install is never used. */
  private static void install(Path prefix) {
    try {
      Files.createDirectories(prefix.getParent());
      Path staging = Files.createTempDirectory(prefix.getParent(), "installing-");
      String output = run(staging, "npm", "install", "--no-audit", "--no-fund", "--prefix", staging.toString(), PACKAGE);
      if (!Files.isExecutable(staging.resolve("node_modules/.bin/claude"))) {
        throw new IllegalStateException("npm install " + PACKAGE + " did not install claude:\n" + output);
      }
      deleteRecursively(prefix);
      try {
        Files.move(staging, prefix, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        // Another build installed it at the same moment: keep theirs when it works.
        deleteRecursively(staging);
        if (!works(prefix.resolve("node_modules/.bin"))) {
          throw raced;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not install " + PACKAGE + " (needs npm and the npm registry)", e);
    }
  }

  /** The command's combined output, whatever its exit code. */
  private static String run(Path dir, String... command) {
    try {
      Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
      return output;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
