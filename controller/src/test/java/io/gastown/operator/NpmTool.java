package io.gastown.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A command-line tool from an npm package at a pinned version, installed once with
 * {@code npm install --prefix} into {@code ~/.cache/gastown-operator/<package>-<version>} and reused
 * by every later build. Needs npm and the registry only for the first install.
 */
public final class NpmTool {

  /** What a finished command printed (stdout and stderr together) and its exit code. */
  public record Output(int exitCode, String text) {}

  private final String packageName;
  private final String version;
  private final String command;

  public NpmTool(String packageName, String version, String command) {
    this.packageName = packageName;
    this.version = version;
    this.command = command;
  }

  /** Runs the tool with {@code args} in {@code dir}, installing it first when missing. */
  public Output run(Path dir, String... args) {
    List<String> line = new ArrayList<>(List.of(executable().toString()));
    line.addAll(List.of(args));
    return exec(dir, line);
  }

  /** The directory holding the tool's command, installing it first when missing. */
  public Path binDir() {
    return executable().getParent();
  }

  private synchronized Path executable() {
    Path prefix = Path.of(System.getProperty("user.home"), ".cache", "gastown-operator",
        packageName.replace('/', '+') + "-" + version);
    Path executable = prefix.resolve("node_modules/.bin").resolve(command);
    if (!Files.isExecutable(executable)) {
      install(prefix);
    }
    return executable;
  }

  /** Installs next to the final place and moves it there, so a half-finished install is never used. */
  private void install(Path prefix) {
    String spec = packageName + "@" + version;
    try {
      Files.createDirectories(prefix.getParent());
      Path staging = Files.createTempDirectory(prefix.getParent(), "installing-");
      Output npm = exec(staging, List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", staging.toString(), spec));
      if (!Files.isExecutable(staging.resolve("node_modules/.bin").resolve(command))) {
        throw new IllegalStateException("npm install " + spec + " did not install " + command + ":\n" + npm.text());
      }
      deleteRecursively(prefix);
      try {
        Files.move(staging, prefix, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        // Another build installed it at the same moment: keep theirs.
        deleteRecursively(staging);
        if (!Files.isExecutable(prefix.resolve("node_modules/.bin").resolve(command))) {
          throw raced;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not install " + spec + " (needs npm and the npm registry)", e);
    }
  }

  private static Output exec(Path dir, List<String> line) {
    try {
      Process process = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", line) + " did not finish within 5 minutes");
      }
      return new Output(process.exitValue(), text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + line.get(0), e);
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
