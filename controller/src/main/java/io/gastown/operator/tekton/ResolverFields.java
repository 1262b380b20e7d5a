package io.gastown.operator.tekton;

import io.gastown.operator.api.polecat.TaskReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The resolver fields of a taskRef or pipelineRef ({@code resolver}, {@code params}), which the
 * fabric8 7.1 Tekton model lacks: they are written as additional properties.
 */
public final class ResolverFields {

  private ResolverFields() {}

  public static void apply(TaskReference reference, BiConsumer<String, Object> setAdditionalProperty) {
    if (reference.getResolver() == null) {
      return;
    }
    setAdditionalProperty.accept("resolver", reference.getResolver());
    List<Map<String, String>> params = new ArrayList<>();
    if (reference.getParams() != null) {
      reference.getParams().forEach(p -> params.add(Map.of("name", p.getName(), "value", p.getValue())));
    }
    setAdditionalProperty.accept("params", params);
  }
}
