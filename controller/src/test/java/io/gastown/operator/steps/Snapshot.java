package io.gastown.operator.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Names, permissions, modification times and contents of everything under a directory, to prove a
 * "read-only" mount was not written (the tests run as root, so file modes alone would not stop it).
 */
record Snapshot(Map<String, String> entries) {

  static Snapshot of(Path dir) {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.toList()) {
        String state = PosixFilePermissions.toString(Files.getPosixFilePermissions(path))
            + " " + Files.getLastModifiedTime(path)
            + (Files.isRegularFile(path) ? " " + Files.readString(path) : "");
        entries.put(dir.relativize(path).toString(), state);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Snapshot(entries);
  }
}
