package io.gastown.operator;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.agent.PolecatDefaults;
import io.gastown.operator.agent.Problem;
import io.gastown.operator.api.polecat.DesiredState;
import io.gastown.operator.api.polecat.ExecutionMode;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.common.UserIds;
import io.gastown.operator.executor.AgentExecutor;
import io.gastown.operator.executor.Executors;
import io.gastown.operator.polecat.PolecatValidator;
import io.gastown.operator.steps.StepScripts;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * {@code gastown-operator render FILE}: the objects for the Polecats in FILE, with the defaults of
 * their Rigs (from FILE, else from the cluster when one answers), without needing a cluster: the
 * agent Pod, or (tekton mode) the workspace PVC and both TaskRuns (the claude TaskRun is created
 * once the clone succeeded).
 */
final class Render {

  private Render() {}

  /**
   * @param clusterRigs the Rig of a name from the cluster, when one answers; Rigs in FILE come first
   */
  static int run(String file, StepScripts steps, OperatorConfig config, Function<String, Optional<Rig>> clusterRigs,
      InputStream stdin, PrintStream out, PrintStream err) {
    // Render needs no cluster, so it detects nothing: GASTOWN_ASSIGN_UIDS=true renders the pods OpenShift gets.
    UserIds ids = config.assignUserIds().orElse(false) ? UserIds.ASSIGNED : UserIds.FIXED;
    Map<ExecutionMode, AgentExecutor> executors = Executors.create(steps, true, ids, config.tektonTasks());
    List<JsonNode> documents = new ArrayList<>();
    try (InputStream in = "-".equals(file) ? stdin : Files.newInputStream(Path.of(file));
         MappingIterator<JsonNode> read = new YAMLMapper().readerFor(JsonNode.class).readValues(in)) {
      while (read.hasNextValue()) {
        JsonNode document = read.nextValue();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          documents.add(document);
        }
      }
      Map<String, Rig> rigs = new HashMap<>();
      for (JsonNode document : documents) {
        if ("Rig".equals(document.path("kind").asText())) {
          Rig rig = Serialization.jsonMapper().treeToValue(document, Rig.class);
          rigs.put(rig.getMetadata().getName(), rig);
        }
      }
      int exit = 0;
      for (JsonNode document : documents) {
        String kind = document.path("kind").asText();
        if ("Rig".equals(kind)) {
          continue;
        }
        if (!"Polecat".equals(kind)) {
          err.println("# skipped " + (kind.isEmpty() ? "a document without kind" : kind) + ": render reads Polecats (and their Rigs)");
          continue;
        }
        Polecat polecat = Serialization.jsonMapper().treeToValue(document, Polecat.class);
        String name = polecat.getMetadata().getName();
        if (polecat.getSpec().getDesiredState() != DesiredState.Working) {
          err.println("# " + name + ": desiredState is not Working, the operator creates nothing");
          continue;
        }
        String rigName = polecat.getSpec().getRig();
        Rig rig = rigName == null ? null : Optional.ofNullable(rigs.get(rigName)).or(() -> clusterRigs.apply(rigName)).orElse(null);
        if (rigName != null && rig == null) {
          err.println("# " + name + ": no Rig " + rigName + " in the input or the cluster: rendered with its own fields only");
        }
        Polecat effective = PolecatDefaults.resolve(polecat, rig, config.agentDefaults());
        Optional<Problem> problem = PolecatValidator.validate(effective, config.agentDefaults().endpoint());
        if (problem.isPresent()) {
          err.println(name + ": " + problem.get().reason() + ": " + problem.get().message());
          exit = 1;
          continue;
        }
        executors.get(effective.getSpec().getExecutionMode()).objects(effective).forEach(object -> out.print(Serialization.asYaml(object)));
      }
      return exit;
    } catch (NoSuchFileException e) {
      err.println("gastown-operator render: cannot read " + file + ": no such file");
      return 1;
    } catch (IOException | IllegalArgumentException e) {
      err.println("gastown-operator render: cannot read " + file + ": " + oneLine(e));
      return 1;
    }
  }

  /** Jackson's messages span lines (the YAML snippet, a reference chain): the first line and where. */
  private static String oneLine(Exception e) {
    if (e instanceof JsonProcessingException json && json.getCause() instanceof IOException io) {
      return io.getMessage();
    }
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      return yaml.getProblem() + " (line " + (yaml.getProblemMark().getLine() + 1) + ", column "
          + (yaml.getProblemMark().getColumn() + 1) + ")";
    }
    if (e instanceof JsonProcessingException json) {
      String what = json.getOriginalMessage().lines().findFirst().orElse("invalid YAML");
      JsonLocation at = json.getLocation();
      return at == null || at.getLineNr() < 1 ? what : what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
    return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
  }
}
