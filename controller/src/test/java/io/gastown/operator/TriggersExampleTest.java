package io.gastown.operator;

import static io.gastown.operator.ManifestAssertions.parseExactly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.triggers.v1beta1.EventListener;
import io.fabric8.tekton.triggers.v1beta1.EventListenerTrigger;
import io.fabric8.tekton.triggers.v1beta1.ParamSpec;
import io.fabric8.tekton.triggers.v1beta1.TriggerBinding;
import io.fabric8.tekton.triggers.v1beta1.TriggerInterceptor;
import io.fabric8.tekton.triggers.v1beta1.TriggerResourceTemplate;
import io.fabric8.tekton.triggers.v1beta1.TriggerTemplate;
import io.gastown.operator.ManifestAssertions.Document;
import io.gastown.operator.agent.PolecatDefaults;
import io.gastown.operator.api.polecat.ForgeProvider;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.TokenSecretReference;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.ModelEndpoint;
import io.gastown.operator.common.Names;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.polecat.PolecatValidator;
import io.gastown.operator.polecat.PullRequestPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The webhook examples under examples/triggers/ turn recorded GitHub and GitLab issue webhooks into
 * valid Polecats. The test plays the small part of Tekton Triggers the examples use, from the
 * examples themselves: the github/gitlab interceptors (event type and secret), the cel
 * interceptor's filter and overlays (each expression is matched textually to a Java mirror below,
 * so a changed expression fails here until its mirror changes too), the TriggerBinding's
 * $(extensions.x) extraction with Triggers' escaping of strings, and the TriggerTemplate's textual
 * $(tt.params.x) substitution into the resource's JSON, with every "$(" of a value written "$$("
 * (Triggers' escape of Tekton variables, as v0.34.0 does it; TriggersE2E runs the real one). The Polecats it yields are created on the
 * API server.
 */
@EnableKubernetesMockClient(crud = true)
class TriggersExampleTest {

  private static final String SECRET = "webhook-secret-for-tests";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every CEL expression of the examples, with what it computes. */
  private static final Map<String, Function<JsonNode, Object>> CEL = new java.util.HashMap<>(Map.of(
      "(body.action == 'opened' && body.issue.labels.exists(l, l.name == 'gastown'))"
          + " || (body.action == 'labeled' && body.label.name == 'gastown')",
      b -> b.path("action").asText().equals("opened") && hasLabel(b.path("issue").path("labels"), "name")
          || b.path("action").asText().equals("labeled") && b.path("label").path("name").asText().equals("gastown"),
      "'gh-' + string(int(body.repository.id)) + '-' + string(int(body.issue.number))",
      b -> "gh-" + integer(b.path("repository").path("id")) + "-" + integer(b.path("issue").path("number")),
      "body.repository.name.lowerAscii()", b -> lowerAscii(b.path("repository").path("name")),
      "'gh-' + string(int(body.issue.number))", b -> "gh-" + integer(b.path("issue").path("number")),
      "body.issue.title + (type(body.issue.body) == string ? '\\n\\n' + body.issue.body : '')",
      b -> titleAndBody(b.path("issue").path("title"), b.path("issue").path("body")),
      "(body.object_attributes.action == 'open' && body.labels.exists(l, l.title == 'gastown'))"
          + " || (body.object_attributes.action == 'update' && has(body.changes.labels)"
          + " && body.changes.labels.current.exists(l, l.title == 'gastown')"
          + " && !body.changes.labels.previous.exists(l, l.title == 'gastown'))",
      b -> gitlabLabelled(b),
      "'gl-' + string(int(body.project.id)) + '-' + string(int(body.object_attributes.iid))",
      b -> "gl-" + integer(b.path("project").path("id")) + "-" + integer(b.path("object_attributes").path("iid")),
      "body.project.path.lowerAscii()", b -> lowerAscii(b.path("project").path("path")),
      "'gl-' + string(int(body.object_attributes.iid))", b -> "gl-" + integer(b.path("object_attributes").path("iid")),
      "body.object_attributes.title + (type(body.object_attributes.description) == string ? '\\n\\n' + body.object_attributes.description : '')",
      b -> titleAndBody(b.path("object_attributes").path("title"), b.path("object_attributes").path("description"))));

  static {
    CEL.put("string(int(body.issue.number))", b -> integer(b.path("issue").path("number")));
    CEL.put("string(int(body.object_attributes.iid))", b -> integer(b.path("object_attributes").path("iid")));
  }

  KubernetesClient client;

  private enum Forge {
    GITHUB("gastown-github", "X-GitHub-Event", "issues"),
    GITLAB("gastown-gitlab", "X-Gitlab-Event", "Issue Hook");

    final String listener;
    final String eventHeader;
    final String event;

    Forge(String listener, String eventHeader, String event) {
      this.listener = listener;
      this.eventHeader = eventHeader;
      this.event = event;
    }

    /** The headers the forge sends with {@code body}, signed or tokened with the webhook secret. */
    Map<String, String> headers(byte[] body) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      headers.put(eventHeader, event);
      if (this == GITHUB) {
        headers.put("X-Hub-Signature-256", "sha256=" + hmac(SECRET, body));
      } else {
        headers.put("X-Gitlab-Token", SECRET);
      }
      return headers;
    }
  }

  @Test
  void githubLabelledIssueCreatesOnePolecatWhoseTaskIsTheIssueTextWithTektonsEscapeOnly() {
    JsonNode payload = payload("github-issue-labeled.json");
    Polecat polecat = apply(deliver(Forge.GITHUB, "github-issue-labeled.json").orElseThrow());

    assertEquals("gh-1296269-1347", polecat.getMetadata().getName());
    assertEquals(Fixtures.NAMESPACE, polecat.getMetadata().getNamespace());
    assertEquals("my-project", polecat.getSpec().getRig());
    assertEquals("gh-1347", polecat.getSpec().getBeadID());
    assertEquals("feature/gh-1347", PolecatDefaults.workBranch(polecat.getSpec()));
    String body = payload.path("issue").path("body").asText();
    assertTrue(body.contains("$(rm -rf /)") && body.contains("`make test`") && body.contains("\"double\"")
        && body.contains("\n---\nkey: [yaml"), "the recorded body is the hostile one");
    assertEquals(tektonEscaped(payload.path("issue").path("title").asText() + "\n\n" + body),
        polecat.getSpec().getTaskDescription());
    assertTrue(polecat.getSpec().getTaskDescription().contains("and $$(rm -rf /) must not run"));
    assertEquals("1347", polecat.getSpec().getPullRequest().getIssue());
    assertRigSuppliesTheRest(polecat);
    assertPullRequestsGoToTheIssue(polecat, ForgeProvider.GITHUB, "1347");
  }

  @Test
  void gitlabLabelledIssueCreatesOnePolecatWhoseTaskIsTheIssueTextWithTektonsEscapeOnly() {
    JsonNode payload = payload("gitlab-issue-labeled.json");
    Polecat polecat = apply(deliver(Forge.GITLAB, "gitlab-issue-labeled.json").orElseThrow());

    assertEquals("gl-27836016-23", polecat.getMetadata().getName());
    assertEquals("my-project", polecat.getSpec().getRig());
    assertEquals("gl-23", polecat.getSpec().getBeadID());
    assertEquals("feature/gl-23", PolecatDefaults.workBranch(polecat.getSpec()));
    JsonNode issue = payload.path("object_attributes");
    assertEquals(tektonEscaped(issue.path("title").asText() + "\n\n" + issue.path("description").asText()),
        polecat.getSpec().getTaskDescription());
    assertEquals("23", polecat.getSpec().getPullRequest().getIssue());
    assertRigSuppliesTheRest(polecat);
    assertPullRequestsGoToTheIssue(polecat, ForgeProvider.GITLAB, "23");
  }

  @Test
  void issueOpenedWithTheLabelAndNoBodyGetsItsTitleAsTask() {
    Polecat github = apply(deliver(Forge.GITHUB, "github-issue-opened-with-label.json").orElseThrow());
    assertEquals("gh-1296269-1348", github.getMetadata().getName());
    assertEquals("Document the retry budget", github.getSpec().getTaskDescription());

    Polecat gitlab = apply(deliver(Forge.GITLAB, "gitlab-issue-opened-with-label.json").orElseThrow());
    assertEquals("gl-27836016-24", gitlab.getMetadata().getName());
    assertEquals("Document the retry budget", gitlab.getSpec().getTaskDescription());
  }

  @Test
  void redeliveredWebhookGetsAlreadyExistsInsteadOfASecondAgent() {
    apply(deliver(Forge.GITHUB, "github-issue-labeled.json").orElseThrow());
    KubernetesClientException again = assertThrows(KubernetesClientException.class,
        () -> apply(deliver(Forge.GITHUB, "github-issue-labeled.json").orElseThrow()));
    assertEquals(409, again.getCode());

    // GitHub sends `opened` and then `labeled` for an issue opened with the label: one Polecat.
    apply(deliver(Forge.GITHUB, "github-issue-opened-with-label.json").orElseThrow());
    ObjectNode labeled = (ObjectNode) payload("github-issue-opened-with-label.json");
    labeled.put("action", "labeled").set("label", labeled.path("issue").path("labels").get(0));
    byte[] body = labeled.toString().getBytes(StandardCharsets.UTF_8);
    KubernetesClientException second = assertThrows(KubernetesClientException.class,
        () -> apply(deliver(Forge.GITHUB, Forge.GITHUB.headers(body), body).orElseThrow()));
    assertEquals(409, second.getCode());

    assertEquals(2, client.resources(Polecat.class).inNamespace(Fixtures.NAMESPACE).list().getItems().size());
  }

  @Test
  void otherLabelsEditsAndUnlabelledIssuesCreateNothing() {
    for (String file : List.of("github-issue-labeled-other.json", "github-issue-opened-unlabelled.json")) {
      assertEquals(Optional.empty(), deliver(Forge.GITHUB, file), file);
    }
    for (String file : List.of("gitlab-issue-labeled-other.json", "gitlab-issue-edited.json")) {
      assertEquals(Optional.empty(), deliver(Forge.GITLAB, file), file);
    }
  }

  @Test
  void deliveryWithoutTheSecretOrOfAnotherEventCreatesNothing() {
    byte[] github = bytes("github-issue-labeled.json");
    Map<String, String> forged = new LinkedHashMap<>(Forge.GITHUB.headers(github));
    forged.put("X-Hub-Signature-256", "sha256=" + hmac("guessed", github));
    assertEquals(Optional.empty(), deliver(Forge.GITHUB, forged, github));
    Map<String, String> push = new LinkedHashMap<>(Forge.GITHUB.headers(github));
    push.put("X-GitHub-Event", "push");
    assertEquals(Optional.empty(), deliver(Forge.GITHUB, push, github));

    byte[] gitlab = bytes("gitlab-issue-labeled.json");
    Map<String, String> wrongToken = new LinkedHashMap<>(Forge.GITLAB.headers(gitlab));
    wrongToken.put("X-Gitlab-Token", "guessed");
    assertEquals(Optional.empty(), deliver(Forge.GITLAB, wrongToken, gitlab));
  }

  @Test
  void listenersMayCreatePolecatsAndNothingElse() {
    Map<String, HasMetadata> objects = examples();
    Role role = (Role) objects.get("Role/gastown-triggers");
    List<PolicyRule> writes = role.getRules().stream()
        .filter(r -> r.getVerbs().stream().anyMatch(v -> !List.of("get", "list", "watch").contains(v)))
        .toList();
    assertEquals(1, writes.size(), "one writing rule: " + writes);
    assertEquals(List.of("gastown.gastown.io"), writes.get(0).getApiGroups());
    assertEquals(List.of("polecats"), writes.get(0).getResources());
    assertEquals(List.of("create"), writes.get(0).getVerbs());
    assertTrue(role.getRules().stream().noneMatch(r -> r.getResources().contains("secrets")), "no secrets");
    // TriggersE2E runs the listener with exactly this Role: it reads nothing outside triggers.tekton.dev.
    assertEquals(List.of("triggers.tekton.dev", "gastown.gastown.io"),
        role.getRules().stream().flatMap(r -> r.getApiGroups().stream()).toList());
    ClusterRole cluster = (ClusterRole) objects.get("ClusterRole/gastown-triggers-interceptors");
    assertTrue(cluster.getRules().stream().allMatch(r -> List.of("get", "list", "watch").equals(r.getVerbs())
        && List.of("triggers.tekton.dev").equals(r.getApiGroups())), "cluster-wide only reads Triggers objects");
    for (Forge forge : Forge.values()) {
      EventListener listener = (EventListener) objects.get("EventListener/" + forge.listener);
      assertEquals("gastown-triggers", listener.getSpec().getServiceAccountName());
    }
  }

  // --- the part of Tekton Triggers the examples use ---

  /** The Polecat the GitHub or GitLab listener creates for a recorded payload: where the tests of what follows start. */
  static Polecat delivered(boolean gitlab, String file) {
    return deliver(gitlab ? Forge.GITLAB : Forge.GITHUB, file).orElseThrow();
  }

  private static Optional<Polecat> deliver(Forge forge, String file) {
    byte[] body = bytes(file);
    return deliver(forge, forge.headers(body), body);
  }

  /** What the listener creates for one delivery: a Polecat, or nothing when an interceptor stops it. */
  private static Optional<Polecat> deliver(Forge forge, Map<String, String> headers, byte[] raw) {
    Map<String, HasMetadata> objects = examples();
    EventListener listener = (EventListener) objects.get("EventListener/" + forge.listener);
    assertNotNull(listener, forge.listener);
    EventListenerTrigger trigger = listener.getSpec().getTriggers().get(0);
    assertEquals(1, listener.getSpec().getTriggers().size());
    JsonNode body = read(raw);
    Map<String, String> extensions = new LinkedHashMap<>();
    for (TriggerInterceptor interceptor : trigger.getInterceptors()) {
      if (!intercept(interceptor, headers, raw, body, extensions)) {
        return Optional.empty();
      }
    }
    TriggerBinding binding = (TriggerBinding) objects.get("TriggerBinding/" + trigger.getBindings().get(0).getRef());
    Map<String, String> params = new LinkedHashMap<>();
    binding.getSpec().getParams().forEach(p -> params.put(p.getName(), bind(p.getValue(), extensions)));
    TriggerTemplate template = (TriggerTemplate) objects.get("TriggerTemplate/" + trigger.getTemplate().getRef());
    assertEquals(1, template.getSpec().getResourcetemplates().size());
    Polecat polecat = render(template, template.getSpec().getResourcetemplates().get(0), params);
    polecat.getMetadata().setNamespace(listener.getMetadata().getNamespace());
    return Optional.of(polecat);
  }

  private static boolean intercept(TriggerInterceptor interceptor, Map<String, String> headers, byte[] raw, JsonNode body,
      Map<String, String> extensions) {
    Map<String, JsonNode> params = new LinkedHashMap<>();
    interceptor.getParams().forEach(p -> params.put(p.getName(), p.getValue()));
    switch (interceptor.getRef().getName()) {
      case "github", "gitlab" -> {
        assertEquals("gastown-webhook", params.get("secretRef").path("secretName").asText());
        assertEquals("token", params.get("secretRef").path("secretKey").asText());
        List<String> eventTypes = StreamSupport.stream(params.get("eventTypes").spliterator(), false)
            .map(JsonNode::asText).toList();
        boolean github = interceptor.getRef().getName().equals("github");
        String event = headers.get(github ? "X-GitHub-Event" : "X-Gitlab-Event");
        boolean authentic = github
            ? ("sha256=" + hmac(SECRET, raw)).equals(headers.get("X-Hub-Signature-256"))
            : SECRET.equals(headers.get("X-Gitlab-Token"));
        return authentic && eventTypes.contains(event);
      }
      case "cel" -> {
        if (!(Boolean) cel(params.get("filter").asText(), body)) {
          return false;
        }
        for (JsonNode overlay : params.get("overlays")) {
          extensions.put(overlay.path("key").asText(), (String) cel(overlay.path("expression").asText(), body));
        }
        return true;
      }
      default -> throw new AssertionError("no mirror of the " + interceptor.getRef().getName() + " interceptor");
    }
  }

  private static Object cel(String expression, JsonNode body) {
    String normalized = expression.strip().replaceAll("\\s+", " ");
    Function<JsonNode, Object> mirror = CEL.get(normalized);
    if (mirror == null) {
      fail("CEL expression changed, update its mirror in TriggersExampleTest.CEL: " + normalized);
    }
    return mirror.apply(body);
  }

  private static final Pattern EXPRESSION = Pattern.compile("\\$\\(([^)]+)\\)");

  /** A binding value with each $(extensions.x) replaced the way Triggers extracts a string. */
  private static String bind(String value, Map<String, String> extensions) {
    Matcher m = EXPRESSION.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String path = m.group(1);
      assertTrue(path.startsWith("extensions."),
          path + ": bind strings the cel overlays made (Triggers prints JSON numbers from the body as floats)");
      String extracted = extensions.get(path.substring("extensions.".length()));
      assertNotNull(extracted, path);
      m.appendReplacement(out, Matcher.quoteReplacement(goJsonEscape(extracted)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The resource as the API server stores the template (JSON), each $(tt.params.x) replaced by its
   * value byte for byte except that each "$(" becomes "$$(", parsed back: Triggers substitutes into
   * the JSON text, with no escaping but that one.
   */
  private static Polecat render(TriggerTemplate template, TriggerResourceTemplate resource, Map<String, String> params) {
    String json = Serialization.asJson(resource.getAdditionalProperties());
    for (ParamSpec spec : template.getSpec().getParams()) {
      String value = params.getOrDefault(spec.getName(), spec.getDefault());
      assertNotNull(value, "no value for template param " + spec.getName());
      json = json.replace("$(tt.params." + spec.getName() + ")", tektonEscaped(value));
    }
    assertFalse(json.contains("$(tt.params."), "unbound param in " + json);
    return (Polecat) parseExactly(read(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** What Triggers makes of a template param's value: each "$(" written "$$(" (escapeTektonVariables). */
  static String tektonEscaped(String value) {
    return value.replace("$(", "$$(");
  }

  /** Go's json.Marshal of a string, without the quotes (Triggers' textValue for strings). */
  static String goJsonEscape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out.toString();
  }

  private Polecat apply(Polecat polecat) {
    assertTrue(polecat.getMetadata().getName().length() <= Names.MAX_POLECAT_NAME, polecat.getMetadata().getName());
    client.resource(polecat).create();
    return client.resources(Polecat.class).inNamespace(polecat.getMetadata().getNamespace())
        .withName(polecat.getMetadata().getName()).get();
  }

  /** The Rig named like the repository (examples/rig-with-defaults.yaml) makes the Polecat complete. */
  private static void assertRigSuppliesTheRest(Polecat polecat) {
    Rig rig = (Rig) parseExactly(ManifestAssertions.documentsUnder(Fixtures.repoRoot().resolve("examples"),
        f -> f.getFileName().toString().equals("rig-with-defaults.yaml")).stream()
        .filter(d -> "Rig".equals(d.tree().path("kind").asText())).findFirst().orElseThrow().tree());
    assertEquals(rig.getMetadata().getName(), polecat.getSpec().getRig());
    Polecat effective = PolecatDefaults.resolve(polecat, rig, OperatorConfig.defaults().agentDefaults());
    assertEquals(Optional.empty(), PolecatValidator.validate(effective, ModelEndpoint.anthropic()));
  }

  /**
   * With a Rig whose polecatDefaults enable pull requests, the Polecat's run opens one on the
   * Rig's repository and comments on the issue the webhook came from.
   */
  private static void assertPullRequestsGoToTheIssue(Polecat polecat, ForgeProvider provider, String issue) {
    Rig rig = exampleRig();
    PullRequestSpec defaults = new PullRequestSpec();
    defaults.setEnabled(true);
    defaults.setProvider(provider);
    defaults.setTokenSecretRef(new TokenSecretReference("forge-token", null));
    rig.getSpec().getPolecatDefaults().setPullRequest(defaults);
    Polecat effective = PolecatDefaults.resolve(polecat, rig, OperatorConfig.defaults().agentDefaults());
    assertEquals(Optional.empty(), PolecatValidator.validate(effective, ModelEndpoint.anthropic()));
    PolecatStatus pushed = new PolecatStatus();
    pushed.setPhase(PolecatPhase.Done);
    pushed.setOutcome("succeeded");
    pushed.setPushed(true);
    pushed.setBranch(effective.getSpec().getKubernetes().getWorkBranch());
    effective.setStatus(pushed);
    Map<String, String> params = PullRequestPlan.of(effective, false).orElseThrow().params();
    assertEquals(issue, params.get("issue"));
    assertEquals(provider.param(), params.get("provider"));
    assertEquals("myorg/my-project", params.get("repository"));
    assertEquals("feature/" + polecat.getSpec().getBeadID(), params.get("head-branch"));
    assertTrue(params.get("comment").contains("finished bead `" + polecat.getSpec().getBeadID() + "`"), params.get("comment"));
  }

  private static Rig exampleRig() {
    return (Rig) parseExactly(ManifestAssertions.documentsUnder(Fixtures.repoRoot().resolve("examples"),
        f -> f.getFileName().toString().equals("rig-with-defaults.yaml")).stream()
        .filter(d -> "Rig".equals(d.tree().path("kind").asText())).findFirst().orElseThrow().tree());
  }

  private static Map<String, HasMetadata> examples() {
    Map<String, HasMetadata> objects = new LinkedHashMap<>();
    for (Document d : ManifestAssertions.documentsUnder(Fixtures.repoRoot().resolve("examples/triggers"), f -> true)) {
      HasMetadata object = (HasMetadata) parseExactly(d.tree());
      objects.put(object.getKind() + "/" + object.getMetadata().getName(), object);
    }
    return objects;
  }

  // --- mirrors of the CEL expressions ---

  private static boolean hasLabel(JsonNode labels, String field) {
    return StreamSupport.stream(labels.spliterator(), false).anyMatch(l -> l.path(field).asText().equals("gastown"));
  }

  private static boolean gitlabLabelled(JsonNode b) {
    String action = b.path("object_attributes").path("action").asText();
    JsonNode labels = b.path("changes").path("labels");
    return action.equals("open") && hasLabel(b.path("labels"), "title")
        || action.equals("update") && !labels.isMissingNode()
            && hasLabel(labels.path("current"), "title") && !hasLabel(labels.path("previous"), "title");
  }

  private static String integer(JsonNode number) {
    assertTrue(number.isNumber(), "not a number: " + number);
    return Long.toString(number.asLong());
  }

  private static String lowerAscii(JsonNode text) {
    assertTrue(text.isTextual(), "not a string: " + text);
    StringBuilder out = new StringBuilder();
    text.asText().chars().forEach(c -> out.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c)));
    return out.toString();
  }

  private static String titleAndBody(JsonNode title, JsonNode body) {
    assertTrue(title.isTextual(), "not a string: " + title);
    return title.asText() + (body.isTextual() ? "\n\n" + body.asText() : "");
  }

  // --- recorded payloads ---

  private static byte[] bytes(String file) {
    try {
      return Files.readAllBytes(Fixtures.repoRoot().resolve("controller/src/test/resources/triggers").resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode payload(String file) {
    return read(bytes(file));
  }

  private static JsonNode read(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
    }
  }

  private static String hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
