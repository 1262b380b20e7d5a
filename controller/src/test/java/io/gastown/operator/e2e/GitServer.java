package io.gastown.operator.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ssh git server of the e2e cluster: bare repositories in {@code GIT_REPOS_DIR}, owned by the
 * server's git user, that pods clone and push over ssh. The test reads them directly on disk, as
 * the forge's own view of what was pushed.
 */
final class GitServer {

  private final E2eCluster cluster;
  private final Path globalConfig;

  GitServer(E2eCluster cluster) {
    this.cluster = cluster;
    try {
      // The repositories belong to the git user; git run by root refuses them without this.
      globalConfig = Files.createTempFile("e2e-gitconfig", "");
      Files.writeString(globalConfig, "[safe]\n\tdirectory = *\n[user]\n\tname = E2E Fixture\n\temail = e2e@example.invalid\n"
          + "[init]\n\tdefaultBranch = main\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new repository {@code NAME.git} whose main branch has one commit of {@code files}; its ssh URL. */
  String createRepository(String name, Map<String, String> files) {
    Path bare = Path.of(cluster.env("GIT_REPOS_DIR"), name + ".git");
    if (Files.exists(bare)) {
      throw new IllegalStateException(bare + " exists: each scenario uses repositories of its own");
    }
    try {
      Path work = Files.createTempDirectory("e2e-seed-" + name);
      git(work, "init", "-q");
      for (var file : files.entrySet()) {
        Path path = work.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue());
      }
      git(work, "add", "--all");
      git(work, "commit", "-q", "-m", "Initial commit");
      git(work, "clone", "-q", "--bare", work.toString(), bare.toString());
      run(List.of("chown", "-R", "git:", bare.toString()), work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return url(name);
  }

  /** A commit of {@code file} on {@code branch}, pushed to the server as another writer would; its id. */
  String commitOnBranch(String repository, String branch, String file, String content) {
    try {
      Path work = Files.createTempDirectory("e2e-writer-" + repository);
      Path bare = Path.of(cluster.env("GIT_REPOS_DIR"), repository + ".git");
      git(work, "clone", "-q", "--branch", branch, bare.toString(), "clone");
      Path clone = work.resolve("clone");
      Files.writeString(clone.resolve(file), content);
      git(clone, "add", file);
      git(clone, "commit", "-q", "-m", "Another writer");
      git(clone, "push", "-q", "origin", branch);
      run(List.of("chown", "-R", "git:", bare.toString()), work);
      return git(clone, "rev-parse", "HEAD");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url(String name) {
    return cluster.env("GIT_SSH_URL") + name + ".git";
  }

  /** The commit a branch points at, as the server has it. */
  Optional<String> head(String repository, String branch) {
    Path bare = Path.of(cluster.env("GIT_REPOS_DIR"), repository + ".git");
    String out = run(List.of("git", "--git-dir", bare.toString(), "for-each-ref", "--format=%(objectname)",
        "refs/heads/" + branch), bare);
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  /** {@code git ARGS} in the bare repository. */
  String git(String repository, String... args) {
    Path bare = Path.of(cluster.env("GIT_REPOS_DIR"), repository + ".git");
    List<String> command = new ArrayList<>(List.of("git", "--git-dir", bare.toString()));
    command.addAll(List.of(args));
    return run(command, bare);
  }

  private String git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    return run(command, dir);
  }

  private String run(List<String> command, Path dir) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("GIT_CONFIG_GLOBAL", globalConfig.toString());
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
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
