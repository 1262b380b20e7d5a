package io.gastown.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
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
    for (String dir : List.of("crd", "rbac", "namespaced", "manager", "tekton")) {
      copyDir(config.resolve(dir), fresh.resolve(dir));
    }
    Files.copy(config.resolve("build-install.sh"), fresh.resolve("build-install.sh"));
    Process build = new ProcessBuilder("bash", fresh.resolve("build-install.sh").toString()).inheritIO().start();
    assertEquals(0, build.waitFor());

    assertEquals(Files.readString(fresh.resolve("install.yaml")), Files.readString(config.resolve("install.yaml")),
        "config/install.yaml is stale: run bash config/build-install.sh");
    assertEquals(Files.readString(fresh.resolve("install-namespaced.yaml")), Files.readString(config.resolve("install-namespaced.yaml")),
        "config/install-namespaced.yaml is stale: run bash config/build-install.sh");
  }

  /**
   * The namespaced bundle is the cluster-wide one with the RBAC of config/namespaced/ instead of
   * the operator's ClusterRole, and an operator that watches only the namespace of that Role.
   */
  @Test
  void theNamespacedBundleBindsNoClusterWideRoleAndWatchesOnlyItsRolesNamespace() throws Exception {
    List<HasMetadata> cluster = bundle("config/install.yaml");
    List<HasMetadata> namespaced = bundle("config/install-namespaced.yaml");

    assertTrue(namespaced.stream().noneMatch(o -> o instanceof ClusterRole && "gastown-operator".equals(o.getMetadata().getName())));
    assertTrue(namespaced.stream().noneMatch(o -> o instanceof ClusterRoleBinding
        && "gastown-operator".equals(((ClusterRoleBinding) o).getRoleRef().getName())));
    Role role = namespaced.stream().filter(o -> o instanceof Role && "gastown-operator".equals(o.getMetadata().getName()))
        .map(Role.class::cast).findFirst().orElseThrow();
    assertEquals(Fixtures.NAMESPACE, role.getMetadata().getNamespace());
    assertEquals(List.of(role.getMetadata().getNamespace()), watched(namespaced));
    assertEquals(List.of(""), watched(cluster));

    Deployment a = deployment(cluster);
    Deployment b = deployment(namespaced);
    b.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> "GASTOWN_WATCH_NAMESPACES".equals(e.getName())).forEach(e -> e.setValue(""));
    assertEquals(a, b, "the two Deployments differ only in GASTOWN_WATCH_NAMESPACES");
    List<String> crds = names(cluster, CustomResourceDefinition.class);
    assertEquals(crds, names(namespaced, CustomResourceDefinition.class));
  }

  private static List<HasMetadata> bundle(String file) {
    List<HasMetadata> objects = Serialization.unmarshal(Fixtures.read(file));
    return objects;
  }

  private static Deployment deployment(List<HasMetadata> objects) {
    return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow();
  }

  private static List<String> watched(List<HasMetadata> objects) {
    return deployment(objects).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> "GASTOWN_WATCH_NAMESPACES".equals(e.getName())).map(EnvVar::getValue).toList();
  }

  private static List<String> names(List<HasMetadata> objects, Class<? extends HasMetadata> kind) {
    return objects.stream().filter(kind::isInstance).map(o -> o.getMetadata().getName()).toList();
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
