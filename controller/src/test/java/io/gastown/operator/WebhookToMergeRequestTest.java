package io.gastown.operator;

import static io.gastown.operator.polecat.PolecatAssertions.assertCondition;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.gastown.operator.api.polecat.ForgeProvider;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.TokenSecretReference;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.forge.ScriptedForge;
import io.gastown.operator.polecat.FakeKubelet;
import io.gastown.operator.polecat.PolecatAssertions;
import io.javaoperatorsdk.operator.Operator;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From a GitLab issue webhook to a merge request, in the API tier: the recorded payload becomes a
 * Polecat through the Triggers example (as TriggersExampleTest replays it), the operator runs it
 * against the mock API server, and the forge step's container, exactly as the operator stored it,
 * runs its real script on this machine against a scripted GitLab on loopback. Its termination
 * message goes back as the kubelet would report it.
 */
@EnableKubernetesMockClient(crud = true)
class WebhookToMergeRequestTest {

  private static final String TOKEN = "glpat-scripted-token-0123456789";
  private static final String NS = Fixtures.NAMESPACE;

  KubernetesClient client;
  Operator operator;
  ScriptedForge gitlab;

  @TempDir
  Path tmp;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (gitlab != null) {
      gitlab.close();
    }
  }

  @Test
  void aLabelledGitLabIssueEndsInAMergeRequestAndANoteOnTheIssue() throws Exception {
    gitlab = ScriptedForge.gitlab(TOKEN);
    Fixtures.createGuideSecrets(client);
    client.resource(new SecretBuilder().withNewMetadata().withName("gitlab-token").withNamespace(NS).endMetadata()
        .addToData("token", Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8))).build()).create();
    Rig rig = Fixtures.rigWithDefaults();
    PullRequestSpec forge = new PullRequestSpec();
    forge.setEnabled(true);
    forge.setProvider(ForgeProvider.GITLAB);
    forge.setApiURL(gitlab.apiUrl());
    forge.setTokenSecretRef(new TokenSecretReference("gitlab-token", null));
    rig.getSpec().getPolecatDefaults().setPullRequest(forge);
    client.resource(rig).create();
    operator = GastownOperator.start(client, OperatorConfig.defaults().withSecretRetryDelay(Duration.ofMillis(300)),
        Clock.systemUTC(), event -> {});

    Polecat polecat = TriggersExampleTest.delivered(true, "gitlab-issue-labeled.json");
    client.resource(polecat).create();
    String name = polecat.getMetadata().getName();
    FakeKubelet kubelet = new FakeKubelet(client);
    String agentPod = "polecat-" + name;
    await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(NS).withName(agentPod).get() != null);
    kubelet.succeeded(agentPod, FakeKubelet.result("feature/gl-23", "succeeded", "Made the retry test deterministic"),
        "2026-01-20T00:13:19Z");

    String prPod = agentPod + "-pull-request";
    Pod pod = await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(NS).withName(prPod).get(),
        p -> p != null);
    Run run = runLocally(pod);
    assertEquals(0, run.exit(), run.toString());

    assertEquals(1, gitlab.pullRequests().size(), gitlab.requests().toString());
    ScriptedForge.PullRequest mr = gitlab.pullRequests().get(0);
    assertEquals("feature/gl-23", mr.head());
    assertEquals("main", mr.base());
    assertEquals("gl-23: Made the retry test deterministic", mr.title());
    assertTrue(mr.body().contains("Made the retry test deterministic") && mr.body().contains("0.4213 USD")
        && mr.body().contains("| Turns | 12 |"), mr.body());
    assertTrue(gitlab.requests().stream().allMatch(r -> r.path().contains(java.net.URLEncoder.encode("myorg/my-project",
        StandardCharsets.UTF_8)) || r.path().contains("myorg/my-project")), "the Rig's repository: " + gitlab.requests());
    assertEquals(1, gitlab.comments().size());
    ScriptedForge.Comment note = gitlab.comments().get(0);
    assertEquals(23, note.issue());
    assertTrue(note.body().contains("finished bead `gl-23`: succeeded") && note.body().contains(mr.url()), note.body());
    assertFalse(run.output().contains(TOKEN), "the token never shows in the step's output");

    kubelet.onlyContainerEnded(prPod, "pull-request", run.exit(), run.terminationMessage());
    PolecatAssertions.awaitStatus(client, name, s -> {
      assertEquals(PolecatPhase.Done, s.getPhase());
      assertEquals("opened", s.getPullRequest().getOutcome());
      assertEquals(mr.url(), s.getPullRequest().getUrl());
      assertEquals(mr.number(), s.getPullRequest().getNumber());
      assertEquals(note.url(), s.getPullRequest().getCommentURL());
      assertCondition(s, "PullRequest", "True", "Opened", "opened merge request " + mr.url());
    });
  }

  private record Run(int exit, String output, String terminationMessage) {}

  /**
   * The container as stored, run by bash here: its command and environment unchanged but for the
   * pod's paths (its volumes, the results and the termination log), which become directories of
   * this test; the token volume gets the secret's item as the kubelet would project it.
   */
  private Run runLocally(Pod pod) throws IOException, InterruptedException {
    Container container = pod.getSpec().getContainers().get(0);
    Map<String, String> paths = new LinkedHashMap<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      Path dir = Files.createDirectories(tmp.resolve("volume-" + mount.getName()));
      Volume volume = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
      if (volume.getSecret() != null) {
        var secret = client.secrets().inNamespace(NS).withName(volume.getSecret().getSecretName()).get();
        for (var item : volume.getSecret().getItems()) {
          Files.write(dir.resolve(item.getPath()), Base64.getDecoder().decode(secret.getData().get(item.getKey())));
        }
      }
      paths.put(mount.getMountPath(), dir.toString());
    }
    paths.put("/tmp/gastown-results", Files.createDirectories(tmp.resolve("results")).toString());
    paths.put(container.getTerminationMessagePath(), tmp.resolve("termination-log").toString());
    List<String> command = new ArrayList<>();
    container.getCommand().forEach(part -> command.add(local(part, paths)));
    ProcessBuilder builder = new ProcessBuilder(command).directory(new File(local(container.getWorkingDir(), paths)))
        .redirectErrorStream(true).redirectOutput(tmp.resolve("output").toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    for (EnvVar var : container.getEnv()) {
      env.put(var.getName(), local(var.getValue(), paths));
    }
    Process process = builder.start();
    assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the forge step ended");
    String termination = Files.exists(tmp.resolve("termination-log")) ? Files.readString(tmp.resolve("termination-log")) : "";
    return new Run(process.exitValue(), Files.readString(tmp.resolve("output")), termination);
  }

  /** Each pod path replaced in one pass, longest first, so that /tmp/gastown-results is not taken for the mount /tmp. */
  private static String local(String text, Map<String, String> paths) {
    List<String> keys = new ArrayList<>(paths.keySet());
    keys.sort((a, b) -> b.length() - a.length());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        String.join("|", keys.stream().map(java.util.regex.Pattern::quote).toList())).matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(paths.get(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }
}
