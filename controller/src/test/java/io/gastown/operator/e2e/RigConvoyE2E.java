package io.gastown.operator.e2e;

import static io.gastown.operator.e2e.ModelApi.Step.text;
import static io.gastown.operator.e2e.ModelApi.Step.write;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gastown.operator.Fixtures;
import io.gastown.operator.ManifestAssertions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A Rig with defaults, its Refinery with no repository of its own (the Go operator's sample), and
 * a Convoy of two beads, one at a time: each Polecat inherits everything from the Rig and reads
 * its task from the repository's beads; the Convoy is Complete once both branches are merged, and
 * the BeadStore of the rig counted both beads with a sync Pod on the cluster.
 */
@Order(8)
class RigConvoyE2E {

  private static final String NAMESPACE = "gastown-convoy";
  private static final String RIG = "convoy-e2e";
  private final E2eCluster cluster = E2eCluster.get();
  private final GitServer git = new GitServer(cluster);
  private final ModelApi model = new ModelApi(cluster);

  @Test
  void aConvoyOfTwoBeadsRunsOnTheRigsDefaultsAndCompletesOnceBothAreMerged() throws Exception {
    Workers.prepare(cluster, NAMESPACE);
    String repository = git.createRepository("convoy", Map.of("README.md", "# convoy\n", ".beads/issues.jsonl",
        "{\"id\":\"mp-1\",\"title\":\"Add one.txt\",\"status\":\"open\"}\n{\"id\":\"mp-2\",\"title\":\"Add two.txt\",\"status\":\"open\"}\n"));
    model.script("mp-1", write("one.txt", "one\n"), text("Added one.txt."));
    model.script("mp-2", write("two.txt", "two\n"), text("Added two.txt."));

    // Its own rig name: the guide's Polecats of the other scenarios name rig my-project.
    String rig = Fixtures.read("examples/rig-with-defaults.yaml").split("\n---\n")[0]
        .replace("git@github.com:myorg/my-project.git", repository).replace("name: my-project", "name: " + RIG);
    cluster.kubectlWithInput(rig, "apply", "-f", "-").expectSuccess();
    String refinery = Fixtures.read("examples/refinery-of-a-rig.yaml").replace("rigRef: sample-rig", "rigRef: " + RIG);
    cluster.kubectlWithInput(refinery, "apply", "-n", NAMESPACE, "-f", "-").expectSuccess();
    String convoy = """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Convoy
        metadata:
          name: wave
        spec:
          description: Two files
          trackedBeads: [mp-1, mp-2]
          parallelism: 1
          rigRef: %s
        """.formatted(RIG);
    cluster.kubectlWithInput(convoy, "apply", "-n", NAMESPACE, "-f", "-").expectSuccess();
    String beadStore = Fixtures.read("examples/beadstore.yaml").replace("rigRef: sample-rig", "rigRef: " + RIG)
        .replace("prefix: \"gt-\"", "prefix: \"mp-\"");
    cluster.kubectlWithInput(beadStore, "apply", "-n", NAMESPACE, "-f", "-").expectSuccess();

    await().atMost(Polecats.RUN_TIMEOUT.multipliedBy(2)).pollInterval(Duration.ofSeconds(2))
        .until(() -> List.of("Complete", "Failed").contains(convoyStatus().path("phase").asText()));
    JsonNode status = convoyStatus();
    assertEquals("Complete", status.path("phase").asText(), status::toString);
    assertEquals("2/2", status.path("progress").asText());
    for (JsonNode bead : status.path("beads")) {
      assertTrue(bead.path("merged").asBoolean(), status::toString);
    }
    String main = git.head("convoy", "main").orElseThrow();
    String files = git.git("convoy", "ls-tree", "--name-only", main);
    assertTrue(files.contains("one.txt") && files.contains("two.txt"), files);
    assertTrue(model.prompt("mp-2").contains("Add two.txt"), "the task came from the bead");

    String rigs = cluster.kubectl("get", "rigs");
    assertTrue(rigs.lines().anyMatch(l -> l.startsWith(RIG + " ") && l.contains("Ready")), rigs);
    JsonNode rigStatus = ManifestAssertions.YAML.readTree(cluster.kubectl("get", "rig", RIG, "-o", "yaml")).path("status");
    assertEquals(2, rigStatus.path("polecatCount").asInt(), rigStatus::toString);
    assertEquals(2, rigStatus.path("polecatsByPhase").path("Done").asInt(), rigStatus::toString);
    // The sync Pod cloned the rig's repository with the rig's key and counted its two open beads.
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
        .until(() -> cluster.kubectl("get", "beadstores", "-n", NAMESPACE).contains("Synced"));
    JsonNode beads = ManifestAssertions.YAML.readTree(cluster.kubectl("get", "beadstore", "beadstore-sample", "-n", NAMESPACE,
        "-o", "yaml")).path("status");
    assertEquals(2, beads.path("issueCount").asInt(), beads::toString);
    assertEquals(2, beads.path("readyCount").asInt(), beads::toString);
    assertEquals("[\"mp-1\",\"mp-2\"]", beads.path("readyBeads").toString(), beads::toString);
    String convoys = cluster.kubectl("get", "convoys", "-n", NAMESPACE);
    assertTrue(convoys.lines().anyMatch(l -> l.startsWith("wave ") && l.contains("Complete") && l.contains("2/2")), convoys);
  }

  @AfterAll
  static void deleteTheRig() {
    E2eCluster.get().kubectl("delete", "rig", RIG, "--ignore-not-found");
  }

  private JsonNode convoyStatus() throws Exception {
    return ManifestAssertions.YAML.readTree(cluster.kubectl("get", "convoy", "wave", "-n", NAMESPACE, "-o", "yaml"))
        .path("status");
  }
}
