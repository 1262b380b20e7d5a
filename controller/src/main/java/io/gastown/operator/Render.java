package io.gastown.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.agent.PolecatDefaults;
import io.gastown.operator.agent.Problem;
import io.gastown.operator.api.polecat.DesiredState;
import io.gastown.operator.api.polecat.ExecutionMode;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.executor.AgentExecutor;
import io.gastown.operator.executor.Executors;
import io.gastown.operator.polecat.PolecatValidator;
import io.gastown.operator.steps.StepScripts;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gastown-operator render FILE}: the objects for the Polecats in FILE, without a cluster: the
 * agent Pod, or (tekton mode) the workspace PVC and both TaskRuns (the claude TaskRun is created
 * once the clone succeeded).
 */
final class Render {

  private Render() {}

  static int run(String file, StepScripts steps, OperatorConfig config, InputStream stdin, PrintStream out, PrintStream err) {
    Map<ExecutionMode, AgentExecutor> executors = Executors.create(steps, true);
    int exit = 0;
    try (InputStream in = "-".equals(file) ? stdin : Files.newInputStream(Path.of(file));
         MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(in)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document == null || document.isNull() || document.isEmpty()) {
          continue;
        }
        if (!"Polecat".equals(document.path("kind").asText())) {
          err.println("# skipped " + document.path("kind").asText("a document without kind") + ": render reads Polecats");
          continue;
        }
        Polecat polecat = Serialization.jsonMapper().treeToValue(document, Polecat.class);
        String name = polecat.getMetadata().getName();
        if (polecat.getSpec().getDesiredState() != DesiredState.Working) {
          err.println("# " + name + ": desiredState is not Working, the operator creates nothing");
          continue;
        }
        Polecat effective = PolecatDefaults.resolve(polecat, null, config.agentDefaults());
        Optional<Problem> problem = PolecatValidator.validate(effective, config.agentDefaults().endpoint());
        if (problem.isPresent()) {
          err.println(name + ": " + problem.get().reason() + ": " + problem.get().message());
          exit = 1;
          continue;
        }
        executors.get(effective.getSpec().getExecutionMode()).objects(effective).forEach(object -> out.print(Serialization.asYaml(object)));
      }
    } catch (IOException | IllegalArgumentException e) {
      err.println("gastown-operator render: cannot read " + file + ": " + e.getMessage());
      return 1;
    }
    return exit;
  }
}
