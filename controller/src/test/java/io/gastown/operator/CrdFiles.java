package io.gastown.operator;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CRDs of {@code config/crd/}, generated from the model by the fabric8 CRD generator. The
 * generator sorts the printer columns by jsonPath (a Polecat would show Age, Bead, Rig, Phase);
 * {@code kubectl get} shows them in the CRD's order, so they are put back in the order the class
 * declares them.
 */
final class CrdFiles {

  private CrdFiles() {}

  /** Replaces the CRD files in {@code dir} with freshly generated ones. */
  static void replace(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
        Files.delete(file);
      }
    }
    generate(dir);
  }

  static void generate(Path dir) {
    new CRDGenerator()
        .inOutputDir(dir.toFile())
        .forCRDVersions("v1")
        .withPostProcessor(new CRDPostProcessor() {
          @Override
          public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            return declaredColumnOrder((CustomResourceDefinition) crd);
          }
        })
        .customResourceClasses(GastownOperator.KINDS)
        .generate();
  }

  private static CustomResourceDefinition declaredColumnOrder(CustomResourceDefinition crd) {
    Class<? extends HasMetadata> kind = GastownOperator.KINDS.stream()
        .filter(k -> HasMetadata.getKind(k).equals(crd.getSpec().getNames().getKind())).findFirst().orElseThrow();
    List<String> declared = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      version.getAdditionalPrinterColumns().sort(Comparator.comparing(
          (CustomResourceColumnDefinition column) -> declared.indexOf(column.getName())));
    }
    return crd;
  }
}
