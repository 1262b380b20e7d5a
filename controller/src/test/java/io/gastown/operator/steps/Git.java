package io.gastown.operator.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the git command line for test fixtures; any failure fails the test. */
final class Git {

  private Git() {
  }

  static String run(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "init.defaultBranch=main",
        "-c", "user.name=Test Fixture", "-c", "user.email=fixture@example.invalid"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException("git " + String.join(" ", args) + " failed in " + dir + ":\n" + output);
      }
      return output.strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
