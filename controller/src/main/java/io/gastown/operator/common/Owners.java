package io.gastown.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Objects;

/** Owner references of what the operator creates: deleted with their owner, which waits for them. */
public final class Owners {

  private Owners() {}

  /** Whether {@code owner} (this very object, by uid; not an earlier one of the same name) owns {@code object}. */
  public static boolean owns(HasMetadata owner, HasMetadata object) {
    List<OwnerReference> references = object.getMetadata().getOwnerReferences();
    return references != null && references.stream().anyMatch(o -> Objects.equals(owner.getMetadata().getUid(), o.getUid()));
  }

  public static OwnerReference controller(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
