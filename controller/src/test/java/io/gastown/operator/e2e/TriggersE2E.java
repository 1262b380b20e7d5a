package io.gastown.operator.e2e;

import static io.gastown.operator.e2e.ModelApi.Step.text;
import static io.gastown.operator.e2e.ModelApi.Step.write;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gastown.operator.Fixtures;
import io.gastown.operator.ManifestAssertions;
import io.gastown.operator.forge.ScriptedForge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * docs/triggers.md on real Tekton Triggers: examples/triggers/ applied unchanged, the webhook
 * secret made with the guide's command, the Rig named like the recorded payloads' repository, and
 * the recorded deliveries POSTed to each listener's Service the way the forge sends them (GitHub
 * signs with {@code X-Hub-Signature-256}, GitLab sends {@code X-Gitlab-Token}). The labelled issue
 * becomes one Polecat whose task is the issue text (each "$(" escaped "$$(" by Triggers, which
 * Kubernetes undoes in the agent's environment: the agent reads the issue as filed) and which
 * pushes its branch and, the Rig enabling pull requests (docs/pull-requests.md), opens a pull
 * request (GitHub) or merge request (GitLab) on a scripted forge on this host and comments on the
 * issue; a redelivery, a forged secret, another event and an issue without the label create nothing.
 */
@Order(10)
class TriggersE2E {

  /** The examples' own namespace. */
  private static final String NAMESPACE = "gastown-workers";
  /** The recorded payloads' repository (My-Project), lowercase: examples/rig-with-defaults.yaml's Rig. */
  private static final String RIG = "my-project";
  private static final String PAYLOADS = "controller/src/test/resources/triggers/";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The forges' repository: the recorded payloads' (GitHub) and its GitLab twin. */
  private static final String FORGE_REPOSITORY = "myorg/my-project";
  private static final String FORGE_TOKEN = "forge-token-" + UUID.randomUUID();

  private static final E2eCluster cluster = E2eCluster.get();
  private static final GitServer git = new GitServer(cluster);
  private static String main;
  private static String secret;
  private static String repository;
  private static ScriptedForge github;
  private static ScriptedForge gitlab;

  private final ModelApi model = new ModelApi(cluster);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** The guide's prerequisites, its steps 2 and 3, and the Rig named like the repository. */
  @BeforeAll
  static void install() {
    Workers.prepare(cluster, NAMESPACE);
    repository = git.createRepository(RIG, Map.of("README.md", "# " + RIG + "\n"));
    main = git.head(RIG, "main").orElseThrow();
    github = ScriptedForge.github(FORGE_TOKEN, cluster.env("NODE_IP"));
    gitlab = ScriptedForge.gitlab(FORGE_TOKEN, cluster.env("NODE_IP"));
    cluster.kubectl("-n", NAMESPACE, "create", "secret", "generic", "forge-token", "--from-literal=token=" + FORGE_TOKEN);
    cluster.kubectl("apply", "-f", "examples/triggers/rbac.yaml", "-f", "examples/triggers/template.yaml");
    secret = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)).substring(0, 40);
    cluster.kubectl("-n", NAMESPACE, "create", "secret", "generic", "gastown-webhook", "--from-literal=token=" + secret);
  }

  /**
   * The Rig as examples/rig-with-defaults.yaml has it, on this cluster's git server, with the
   * pull-request defaults of docs/pull-requests.md pointing at {@code forge}.
   */
  private static void applyRig(String provider, ScriptedForge forge) {
    String yaml = Fixtures.read("examples/rig-with-defaults.yaml").split("\n---\n")[0]
        .replace("git@github.com:myorg/my-project.git", repository);
    assertTrue(yaml.contains("name: " + RIG + "\n"), "examples/rig-with-defaults.yaml names the Rig " + RIG);
    assertTrue(yaml.contains("\n  polecatDefaults:\n"), yaml);
    yaml = yaml.replace("\n  polecatDefaults:\n", """

          polecatDefaults:
            pullRequest:
              enabled: true
              provider: %s
              apiURL: %s
              repository: %s
              tokenSecretRef:
                name: forge-token
        """.formatted(provider, forge.apiUrl(), FORGE_REPOSITORY));
    cluster.kubectlWithInput(yaml, "apply", "-f", "-").expectSuccess();
  }

  @AfterAll
  static void deleteTheRigAndTheForges() {
    // Other scenarios' Polecats name rig my-project too, and inherit nothing from it.
    cluster.kubectl("delete", "rig", RIG, "--ignore-not-found");
    cluster.kubectl("-n", NAMESPACE, "delete", "secret", "forge-token", "--ignore-not-found");
    github.close();
    gitlab.close();
  }

  @Test
  void aSignedLabelledGithubIssueBecomesOnePolecatThatPushesItsBranchAndNothingElseCreatesOne() throws Exception {
    JsonNode labelled = payload("github-issue-labeled.json");
    assertEquals(RIG, labelled.path("repository").path("name").asText().toLowerCase(Locale.ROOT));
    String bead = "gh-" + labelled.path("issue").path("number").asInt();
    String polecat = "gh-" + labelled.path("repository").path("id").asLong() + "-" + labelled.path("issue").path("number").asInt();
    model.script(bead, write("RETRY.md", "retried\n"), text("Retried the flaky test."));
    applyRig("github", github);
    String listener = listener("examples/triggers/github.yaml", "gastown-github");

    // What must create nothing, sent first: a forged signature, an issue labelled otherwise, one
    // opened without the label, and the labelled issue under another event type.
    byte[] raw = bytes("github-issue-labeled.json");
    assertAccepted(github(listener, "issues", sign("guessed", raw), raw));
    for (String file : List.of("github-issue-labeled-other.json", "github-issue-opened-unlabelled.json")) {
      assertAccepted(github(listener, "issues", sign(secret, bytes(file)), bytes(file)));
    }
    assertAccepted(github(listener, "push", sign(secret, raw), raw));

    String first = assertAccepted(github(listener, "issues", sign(secret, raw), raw));
    String uid = assertCreatedAndDone(polecat, bead, labelled.path("issue").path("title").asText(),
        labelled.path("issue").path("body").asText(), "RETRY.md", "retried");
    assertPullRequestAndComment(github, polecat, bead, labelled.path("issue").path("number").asInt());

    // GitHub's Redeliver: the listener answers, its create gets AlreadyExists, the Polecat stays.
    String again = assertAccepted(github(listener, "issues", sign(secret, raw), raw));
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
        .until(() -> listenerLog("gastown-github").lines().anyMatch(l -> l.contains(again) && l.contains("already exists")));
    assertTrue(listenerLog("gastown-github").lines().noneMatch(l -> l.contains(first) && l.contains("already exists")),
        "the first delivery created the Polecat");
    JsonNode after = ManifestAssertions.YAML.readTree(cluster.kubectl("get", "polecat", polecat, "-n", NAMESPACE, "-o", "yaml"));
    assertEquals(uid, after.path("metadata").path("uid").asText());
    assertEquals("Done", after.path("status").path("phase").asText());
    String pods = cluster.kubectl("get", "pods", "-n", NAMESPACE, "-o", "name");
    assertEquals(1, pods.lines().filter(p -> p.equals("pod/polecat-" + polecat)).count(), pods);
    assertEquals(1, github.pullRequests().size(), github.requests()::toString);
    assertEquals(1, github.comments().size(), github.requests()::toString);

    // Everything sent before the labelled issue was done long ago: only its Polecat exists.
    assertEquals(List.of(polecat), fromTriggers("gh-"));
  }

  @Test
  void aGitlabIssueHookWithTheTokenAddingTheLabelBecomesOnePolecatAndNothingElseCreatesOne() throws Exception {
    JsonNode labelled = payload("gitlab-issue-labeled.json");
    JsonNode issue = labelled.path("object_attributes");
    assertEquals(RIG, labelled.path("project").path("path").asText().toLowerCase(Locale.ROOT));
    String bead = "gl-" + issue.path("iid").asInt();
    String polecat = "gl-" + labelled.path("project").path("id").asLong() + "-" + issue.path("iid").asInt();
    model.script(bead, write("HOOK.md", "hooked\n"), text("Done."));
    applyRig("gitlab", gitlab);
    String listener = listener("examples/triggers/gitlab.yaml", "gastown-gitlab");

    byte[] raw = bytes("gitlab-issue-labeled.json");
    assertAccepted(gitlab(listener, "Issue Hook", "guessed", raw));
    for (String file : List.of("gitlab-issue-labeled-other.json", "gitlab-issue-edited.json")) {
      assertAccepted(gitlab(listener, "Issue Hook", secret, bytes(file)));
    }
    assertAccepted(gitlab(listener, "Issue Hook", secret, raw));
    assertCreatedAndDone(polecat, bead, issue.path("title").asText(), issue.path("description").asText(), "HOOK.md", "hooked");
    assertPullRequestAndComment(gitlab, polecat, bead, issue.path("iid").asInt());
    assertEquals(List.of(polecat), fromTriggers("gl-"));
  }

  /**
   * The Polecat the listener created for the issue, its task the issue's text, and its run: Done,
   * the work branch pushed to the git server with the agent's file; its uid.
   */
  private String assertCreatedAndDone(String polecat, String bead, String title, String body, String file, String content)
      throws Exception {
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
        .until(() -> cluster.client().genericKubernetesResources("gastown.gastown.io/v1alpha1", "Polecat")
            .inNamespace(NAMESPACE).withName(polecat).get() != null);
    JsonNode created = ManifestAssertions.YAML.readTree(cluster.kubectl("get", "polecat", polecat, "-n", NAMESPACE, "-o", "yaml"));
    assertEquals(RIG, created.path("spec").path("rig").asText());
    assertEquals(bead, created.path("spec").path("beadID").asText());
    assertEquals("tekton-triggers", created.path("metadata").path("labels").path("app.kubernetes.io/created-by").asText());
    // The issue text exactly, but for Triggers' escape of Tekton variables: each "$(" is "$$(".
    String task = created.path("spec").path("taskDescription").asText();
    assertEquals((title + "\n\n" + body).replace("$(", "$$("), task);

    JsonNode status = Polecats.awaitPhase(cluster, NAMESPACE, polecat, "Done");
    assertEquals("feature/" + bead, status.path("branch").asText());
    assertEquals("true", status.path("pushed").asText());
    String commit = status.path("commit").asText();
    assertEquals(git.head(RIG, "feature/" + bead).orElseThrow(), commit);
    assertEquals(main, git.git(RIG, "rev-parse", commit + "^"));
    assertEquals(content, git.git(RIG, "show", commit + ":" + file));
    // Kubernetes turns "$$(" back into "$(" in the agent container's environment: the agent reads
    // the issue exactly as filed.
    String prompt = model.prompt(bead);
    assertTrue(prompt.contains("The task, exactly as filed:\n" + title + "\n\n" + body + "\n"), prompt);
    return created.path("metadata").path("uid").asText();
  }

  /**
   * After the run, the Polecat's own forge step (never the agent) opened one pull request from the
   * work branch into main on {@code forge}, with the token it alone mounts, and commented on the
   * issue with its URL; the Polecat's status records it.
   */
  private void assertPullRequestAndComment(ScriptedForge forge, String polecat, String bead, int issue) throws Exception {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
        .until(() -> !ManifestAssertions.YAML.readTree(cluster.kubectl("get", "polecat", polecat, "-n", NAMESPACE, "-o", "yaml"))
            .path("status").path("pullRequest").path("outcome").asText().isEmpty());
    JsonNode status = ManifestAssertions.YAML.readTree(cluster.kubectl("get", "polecat", polecat, "-n", NAMESPACE, "-o", "yaml"))
        .path("status");
    assertEquals("opened", status.path("pullRequest").path("outcome").asText(), status::toString);
    assertEquals(1, forge.pullRequests().size(), forge.requests()::toString);
    ScriptedForge.PullRequest pr = forge.pullRequests().get(0);
    assertEquals("feature/" + bead, pr.head());
    assertEquals("main", pr.base());
    assertTrue(pr.title().startsWith(bead + ": "), pr.title());
    assertTrue(pr.body().contains("Closes #" + issue), pr.body());
    assertEquals(pr.url(), status.path("pullRequest").path("url").asText());
    assertEquals(pr.number(), status.path("pullRequest").path("number").asInt());
    assertEquals(1, forge.comments().size(), forge.requests()::toString);
    assertEquals(issue, forge.comments().get(0).issue());
    assertTrue(forge.comments().get(0).body().contains(pr.url()), forge.comments().get(0).body());
    // The token reached the forge, and nothing of it is in the forge step's log.
    String log = cluster.kubectl("-n", NAMESPACE, "logs", "polecat-" + polecat + "-pull-request", "--all-containers");
    assertTrue(log.contains("Opened"), log);
    assertTrue(!log.contains(FORGE_TOKEN), "the forge step's log holds the token");
  }

  /** {@code kubectl apply -f FILE}, the listener READY True with an address (the guide's check); its Service's URL. */
  private String listener(String file, String name) {
    cluster.kubectl("apply", "-f", file);
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
        .until(() -> cluster.kubectl("-n", NAMESPACE, "get", "eventlisteners").lines()
            .anyMatch(l -> l.startsWith(name + " ") && l.contains("http://el-" + name + "." + NAMESPACE + ".svc.cluster.local:8080")
                && l.strip().endsWith("True")));
    return "http://" + cluster.kubectl("get", "service", "el-" + name, "-n", NAMESPACE, "-o", "jsonpath={.spec.clusterIP}") + ":8080";
  }

  /** The Polecats the listeners created whose names start with {@code prefix}. */
  private List<String> fromTriggers(String prefix) {
    return cluster.kubectl("get", "polecats", "-n", NAMESPACE, "-l", "app.kubernetes.io/created-by=tekton-triggers",
        "-o", "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}").lines().filter(n -> n.startsWith(prefix)).toList();
  }

  /** A POST the way GitHub delivers a webhook. */
  private HttpResponse<String> github(String listener, String event, String signature, byte[] body) throws Exception {
    return http.send(post(listener, body).header("User-Agent", "GitHub-Hookshot/e2e").header("X-GitHub-Event", event)
        .header("X-GitHub-Delivery", UUID.randomUUID().toString()).header("X-Hub-Signature-256", signature).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A POST the way GitLab delivers a webhook. */
  private HttpResponse<String> gitlab(String listener, String event, String token, byte[] body) throws Exception {
    return http.send(post(listener, body).header("User-Agent", "GitLab/e2e").header("X-Gitlab-Event", event)
        .header("X-Gitlab-Token", token).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder post(String listener, byte[] body) {
    return HttpRequest.newBuilder(URI.create(listener)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /** The listener took the delivery (it always does; its interceptors decide later); its event ID. */
  private static String assertAccepted(HttpResponse<String> response) throws IOException {
    assertEquals(202, response.statusCode(), response::body);
    String id = JSON.readTree(response.body()).path("eventID").asText();
    assertTrue(!id.isEmpty(), response.body());
    return id;
  }

  private String listenerLog(String name) {
    return cluster.kubectl("-n", NAMESPACE, "logs", "deploy/el-" + name, "--tail=-1");
  }

  private static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String file) {
    try {
      return Files.readAllBytes(Fixtures.repoRoot().resolve(PAYLOADS + file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode payload(String file) throws IOException {
    return JSON.readTree(bytes(file));
  }
}
