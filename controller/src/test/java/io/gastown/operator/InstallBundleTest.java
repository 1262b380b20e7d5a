package io.gastown.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallBundleTest {

  @TempDir
  Path fresh;

  @Test
  void installYamlHoldsTheCurrentCrdsRbacAndDeploymentInApplyOrder() throws Exception {
    Path config = Fixtures.repoRoot().resolve("config");
    for (String dir : List.of("crd", "rbac", "manager")) {
      copyDir(config.resolve(dir), fresh.resolve(dir));
    }
    Files.copy(config.resolve("build-install.sh"), fresh.resolve("build-install.sh"));
    Process build = new ProcessBuilder("bash", fresh.resolve("build-install.sh").toString()).inheritIO().start();
    assertEquals(0, build.waitFor());

    assertEquals(Files.readString(fresh.resolve("install.yaml")), Files.readString(config.resolve("install.yaml")),
        "config/install.yaml is stale: run bash config/build-install.sh");
  }

  private static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }
}
