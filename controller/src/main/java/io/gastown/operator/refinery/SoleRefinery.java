package io.gastown.operator.refinery;

import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.refinery.RefineryPhase;
import io.gastown.operator.api.refinery.RefinerySpec;
import io.gastown.operator.api.refinery.RefineryStatus;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One Refinery merges a rig into a branch. Of the Refineries of a namespace with the same rigRef
 * and targetBranch, the oldest (creationTimestamp, then name) merges; the others stand by and take
 * over when it is deleted, moved to another rig or branch, or in Error. Two Refineries merging the
 * same Polecats would each run every merge. Pure.
 */
final class SoleRefinery {

  private static final Comparator<Refinery> AGE = Comparator
      .comparing((Refinery r) -> Objects.toString(r.getMetadata().getCreationTimestamp(), ""))
      .thenComparing(r -> r.getMetadata().getName());

  private SoleRefinery() {}

  /** The Refinery that merges instead of this one, or empty when this one merges. */
  static Optional<Refinery> mergingInstead(Refinery refinery, Collection<Refinery> namespace) {
    String key = key(refinery);
    return Stream.concat(Stream.of(refinery), namespace.stream()
            .filter(other -> !other.getMetadata().getName().equals(refinery.getMetadata().getName()))
            .filter(SoleRefinery::contends)
            .filter(other -> key.equals(key(other))))
        .min(AGE)
        .filter(winner -> winner != refinery);
  }

  /** What decides whether Refineries contend: a change of it may hand the merging over. */
  static String contention(Refinery refinery) {
    return key(refinery) + "|" + contends(refinery);
  }

  /** What the cached copy of another Refinery keeps: its metadata (name, age), rig, branch and whether it is in Error. */
  static void prune(Refinery refinery) {
    RefinerySpec spec = new RefinerySpec();
    spec.setRigRef(refinery.getSpec().getRigRef());
    spec.setTargetBranch(refinery.getSpec().getTargetBranch());
    refinery.setSpec(spec);
    if (refinery.getStatus() != null) {
      RefineryStatus status = new RefineryStatus();
      status.setPhase(refinery.getStatus().getPhase());
      refinery.setStatus(status);
    }
  }

  /** A Refinery being deleted, or whose spec is unusable, merges nothing: it does not hold the rig. */
  private static boolean contends(Refinery refinery) {
    return refinery.getMetadata().getDeletionTimestamp() == null
        && (refinery.getStatus() == null || refinery.getStatus().getPhase() != RefineryPhase.Error);
  }

  private static String key(Refinery refinery) {
    String target = refinery.getSpec().getTargetBranch();
    return refinery.getSpec().getRigRef() + "|" + (target == null ? "main" : target);
  }
}
