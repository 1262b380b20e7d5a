package io.gastown.operator.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A bare repository on the local disk standing in for the remote a Polecat clones and pushes to. */
final class Origin {

  private final Path bare;
  private final Path seed;

  private Origin(Path bare, Path seed) {
    this.bare = bare;
    this.seed = seed;
  }

  /** A bare repository whose branch {@code main} has a few commits. */
  static Origin withHistory(Path parent) {
    try {
      Path bare = Files.createDirectories(parent.resolve("origin.git"));
      Path seed = Files.createDirectories(parent.resolve("seed"));
      Git.run(bare, "init", "--quiet", "--bare");
      Git.run(seed, "init", "--quiet");
      Git.run(seed, "remote", "add", "origin", bare.toString());
      Origin origin = new Origin(bare, seed);
      origin.commit("main", "README.md", "# demo\n", "Initial commit");
      origin.commit("main", "src/app.txt", "version 1\n", "Add app");
      return origin;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits one file on {@code branch} (created from main when new) and pushes it; returns the sha. */
  String commit(String branch, String file, String content, String message) {
    try {
      if (!branch.equals(Git.run(seed, "symbolic-ref", "--short", "HEAD"))) {
        boolean exists = !Git.run(seed, "branch", "--list", branch).isEmpty();
        Git.run(seed, exists ? new String[] {"checkout", "--quiet", branch}
            : new String[] {"checkout", "--quiet", "-b", branch, "main"});
      }
      Path target = seed.resolve(file);
      Files.createDirectories(target.getParent());
      Files.writeString(target, content);
      Git.run(seed, "add", file);
      Git.run(seed, "commit", "--quiet", "-m", message);
      Git.run(seed, "push", "--quiet", "origin", "HEAD:refs/heads/" + branch);
      return head(branch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL a Task param gets. */
  String url() {
    return bare.toString();
  }

  String head(String branch) {
    return Git.run(bare, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch + "^{commit}");
  }

  boolean hasBranch(String branch) {
    return !Git.run(bare, "for-each-ref", "refs/heads/" + branch).isEmpty();
  }

  String message(String branch) {
    return Git.run(bare, "log", "-1", "--format=%B", "refs/heads/" + branch);
  }

  String author(String branch) {
    return Git.run(bare, "log", "-1", "--format=%an", "refs/heads/" + branch);
  }

  String parent(String branch) {
    return Git.run(bare, "rev-parse", "refs/heads/" + branch + "^");
  }

  String file(String branch, String path) {
    return Git.run(bare, "show", "refs/heads/" + branch + ":" + path);
  }

  /** Makes the origin refuse every push, the way a server-side policy would. */
  void rejectPushes(String reason) {
    try {
      Path hook = bare.resolve("hooks/pre-receive");
      Files.writeString(hook, "#!/bin/sh\necho '" + reason + "' >&2\nexit 1\n");
      Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes the origin refuse every update of {@code branch}, as a forge's branch protection does. */
  void protect(String branch) {
    try {
      Path hook = bare.resolve("hooks/pre-receive");
      Files.writeString(hook, "#!/bin/sh\nwhile read old new ref; do\n  if [ \"$ref\" = \"refs/heads/" + branch
          + "\" ]; then echo 'GH006: Protected branch update failed for refs/heads/" + branch + "' >&2; exit 1; fi\ndone\n");
      Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lifts {@link #protect} and {@link #rejectPushes}. */
  void unprotect() {
    try {
      Files.deleteIfExists(bare.resolve("hooks/pre-receive"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
