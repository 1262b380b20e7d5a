package io.gastown.operator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.PipelineRun;
import io.gastown.operator.Fixtures;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.refinery.Refinery;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a user wires to {@code /metrics}: the Grafana dashboard of config/grafana queries only the
 * metrics and labels the operator serves and shows all of them, the docs list every metric, and
 * the install's Service reaches the operator pods' health port.
 */
class MonitoringTest {

  private static final Path ROOT = Fixtures.repoRoot();
  private static final Pattern GASTOWN_NAME = Pattern.compile("\\bgastown_[a-z0-9_]+");
  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
  private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
  private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");
  /** Labels Prometheus adds to every scraped series. */
  private static final Set<String> TARGET_LABELS = Set.of("instance", "job", "pod");

  @Test
  void everyDashboardQueryNamesOnlyMetricsAndLabelsTheOperatorServes() throws IOException {
    Map<String, Set<String>> served = servedSeries();
    List<JsonNode> targets = targets(dashboard());
    assertFalse(targets.isEmpty());
    for (JsonNode target : targets) {
      String expr = target.path("expr").asText();
      Set<String> labels = new HashSet<>(TARGET_LABELS);
      Matcher names = GASTOWN_NAME.matcher(expr);
      boolean any = false;
      while (names.find()) {
        assertTrue(served.containsKey(names.group()), names.group() + " in `" + expr + "` is not on /metrics: " + served.keySet());
        labels.addAll(served.get(names.group()));
        any = true;
      }
      assertTrue(any, "`" + expr + "` queries no metric of the operator");
      Matcher selector = SELECTOR.matcher(expr);
      while (selector.find()) {
        assertTrue(served.containsKey(selector.group(1)), selector.group(1) + " in `" + expr + "` is not on /metrics");
        Matcher label = MATCHER_LABEL.matcher(selector.group(2));
        while (label.find()) {
          assertTrue(served.get(selector.group(1)).contains(label.group(1)) || TARGET_LABELS.contains(label.group(1)),
              selector.group(1) + " has no label " + label.group(1) + " (`" + expr + "`)");
        }
      }
      Matcher grouping = GROUPING.matcher(expr);
      while (grouping.find()) {
        for (String label : grouping.group(1).split(",")) {
          assertTrue(labels.contains(label.trim()), "`" + expr + "` groups by " + label.trim() + ", which its metrics lack");
        }
      }
      Matcher legend = LEGEND_LABEL.matcher(target.path("legendFormat").asText());
      while (legend.find()) {
        assertTrue(labels.contains(legend.group(1)), "the legend of `" + expr + "` names " + legend.group(1));
      }
    }
  }

  @Test
  void theDashboardShowsEveryMetricFamily() throws IOException {
    StringBuilder exprs = new StringBuilder();
    targets(dashboard()).forEach(t -> exprs.append(t.path("expr").asText()).append('\n'));
    for (String family : families()) {
      assertTrue(Pattern.compile("\\b" + family + "(_bucket)?\\b").matcher(exprs).find(), family + " is on no panel");
    }
  }

  @Test
  void theDashboardIsAGrafanaDashboardModel() throws IOException {
    JsonNode dashboard = dashboard();
    assertEquals("gastown-operator", dashboard.path("uid").asText());
    assertFalse(dashboard.path("title").asText().isEmpty());
    assertTrue(dashboard.path("schemaVersion").asInt() >= 36, "a schemaVersion current Grafana reads without migration");
    assertTrue(dashboard.path("templating").path("list").findValuesAsText("name").contains("datasource"));
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertTrue(ids.add(panel.path("id").asInt()), "panel id " + panel.path("id") + " twice");
      assertFalse(panel.path("title").asText().isEmpty(), "a panel without a title");
      for (String field : List.of("h", "w", "x", "y")) {
        assertTrue(panel.path("gridPos").path(field).isInt(), panel.path("title") + " has no gridPos." + field);
      }
      if (!"row".equals(panel.path("type").asText())) {
        assertFalse(panel.path("targets").isEmpty(), panel.path("title") + " has no query");
        assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), panel.path("title").asText());
      }
    }
  }

  @Test
  void theArchitectureDocListsEveryMetric() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/architecture.md"));
    for (String family : families()) {
      assertTrue(doc.contains("| `" + family + "` |"), family + " is missing from the Metrics table of docs/architecture.md");
    }
  }

  @Test
  void theInstallsServiceReachesTheOperatorPodsHealthPort() throws IOException {
    Service service = Serialization.unmarshal(Files.readString(ROOT.resolve("config/manager/service.yaml")), Service.class);
    Deployment deployment = Serialization.unmarshal(Files.readString(ROOT.resolve("config/manager/deployment.yaml")),
        Deployment.class);
    assertEquals(deployment.getMetadata().getNamespace(), service.getMetadata().getNamespace());
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()), "selects the operator pods");
    var port = service.getSpec().getPorts().stream().filter(p -> "metrics".equals(p.getName())).findFirst().orElseThrow();
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    var health = container.getPorts().stream().filter(p -> p.getName().equals(port.getTargetPort().getStrVal())).findFirst()
        .orElseThrow(() -> new AssertionError("targetPort " + port.getTargetPort() + " is no port of the container"));
    String env = container.getEnv().stream().filter(e -> "GASTOWN_HEALTH_PORT".equals(e.getName())).findFirst().orElseThrow()
        .getValue();
    assertEquals(env, String.valueOf(health.getContainerPort()));
    assertEquals(env, service.getMetadata().getAnnotations().get("prometheus.io/port"));
    assertEquals("/metrics", service.getMetadata().getAnnotations().get("prometheus.io/path"));
  }

  private static JsonNode dashboard() throws IOException {
    return new ObjectMapper().readTree(ROOT.resolve("config/grafana/gastown-operator.json").toFile());
  }

  private static List<JsonNode> targets(JsonNode dashboard) {
    List<JsonNode> targets = new ArrayList<>();
    collectTargets(dashboard.path("panels"), targets);
    return targets;
  }

  private static void collectTargets(JsonNode panels, List<JsonNode> into) {
    for (JsonNode panel : panels) {
      panel.path("targets").forEach(into::add);
      collectTargets(panel.path("panels"), into);
    }
  }

  /** The metric families /metrics declares ({@code # TYPE} lines). */
  private static Set<String> families() {
    Set<String> families = new TreeSet<>();
    scrape().lines().filter(l -> l.startsWith("# TYPE ")).forEach(l -> families.add(l.split(" ")[2]));
    return families;
  }

  /** Every series name of a populated {@code /metrics}, with the label names it carries. */
  private static Map<String, Set<String>> servedSeries() {
    Map<String, Set<String>> served = new HashMap<>();
    for (String line : scrape().lines().toList()) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      int brace = line.indexOf('{');
      String name = line.substring(0, brace >= 0 ? brace : line.indexOf(' '));
      Set<String> labels = served.computeIfAbsent(name, n -> new HashSet<>());
      if (brace >= 0) {
        Matcher label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(line.substring(brace, line.lastIndexOf('}')));
        while (label.find()) {
          labels.add(label.group(1));
        }
      }
    }
    return served;
  }

  /** The text of an operator that reconciled, wrote an Event, ran a Polecat and merged its branch. */
  private static String scrape() {
    OperatorMetrics metrics = new OperatorMetrics();
    try {
      metrics.timeControllerExecution(new Metrics.ControllerExecution<String>() {
        @Override
        public String name() {
          return "reconcile";
        }

        @Override
        public String controllerName() {
          return "polecat";
        }

        @Override
        public String successTypeName(String result) {
          return "ok";
        }

        @Override
        public ResourceID resourceID() {
          return new ResourceID("p", Fixtures.NAMESPACE);
        }

        @Override
        public Map<String, Object> metadata() {
          return Map.of();
        }

        @Override
        public String execute() {
          return "ok";
        }
      });
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    metrics.recorded(new EventBuilder().withType("Normal").withReason("Completed")
        .withInvolvedObject(new ObjectReferenceBuilder().withKind("Polecat").build()).build());
    Polecat working = Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class);
    working.setStatus(new PolecatStatus());
    working.getStatus().setPhase(PolecatPhase.Working);
    Polecat done = Serialization.clone(working);
    done.getStatus().setPhase(PolecatPhase.Done);
    done.getStatus().setOutcome("succeeded");
    done.getStatus().setCostUSD("0.42");
    done.getStatus().setStartTime("2026-01-20T00:10:40Z");
    done.getStatus().setCompletionTime("2026-01-20T00:13:19Z");
    PolecatMetrics polecats = new PolecatMetrics();
    polecats.watch(() -> Stream.of(done), Leadership.alone());
    polecats.changed(working, done);
    Refinery refinery = Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class);
    PipelineRun run = new PipelineRun();
    run.setMetadata(new ObjectMetaBuilder().withName("r").withNamespace(Fixtures.NAMESPACE)
        .withUid("u").build());
    RefineryMetrics refineries = metrics.refineries();
    refineries.watch(() -> Stream.of(refinery));
    refineries.merged(refinery, run, "merged");
    PrometheusText domain = new PrometheusText();
    polecats.write(domain);
    String text = metrics.text() + domain;
    assertNotNull(text);
    return text;
  }
}
