package io.gastown.operator.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * An {@code ssh} command for {@code ssh://} URLs to a local bare repository: it logs its arguments
 * and the mode of the key file given with {@code -i}, then runs the git command locally instead of
 * on a remote host.
 */
final class FakeSsh {

  private final Path bin;
  private final Path log;

  private FakeSsh(Path bin, Path log) {
    this.bin = bin;
    this.log = log;
  }

  static FakeSsh in(Path dir) {
    try {
      Path bin = Files.createDirectories(dir.resolve("fake-ssh-bin"));
      Path log = dir.resolve("ssh.log");
      Path ssh = bin.resolve("ssh");
      Files.writeString(ssh, """
          #!/usr/bin/env bash
          printf '%%s\\n' "$@" >> '%1$s'
          while [ $# -gt 1 ]; do
            if [ "$1" = -i ]; then echo "key mode $(stat -c %%a "$2")" >> '%1$s'; fi
            shift
          done
          exec sh -c "$1"
          """.formatted(log));
      Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwxr-xr-x"));
      return new FakeSsh(bin, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The directory to put in front of PATH. */
  Path bin() {
    return bin;
  }

  /** An ssh URL git reaches through this fake. */
  static String url(Origin origin) {
    return "ssh://git@git.gastown.test" + origin.url();
  }

  /** Every argument ssh got, one per line, plus "key mode NNN" for each {@code -i} key. */
  List<String> log() {
    try {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
