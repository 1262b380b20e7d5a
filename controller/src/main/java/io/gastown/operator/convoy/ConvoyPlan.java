package io.gastown.operator.convoy;

import io.fabric8.kubernetes.api.model.Condition;
import io.gastown.operator.api.convoy.Convoy;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.common.Names;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a Convoy's beads are at: which Polecat works on each, which are complete or failed, and
 * which to start now. Pure: from the convoy and the Polecats that concern it.
 *
 * @param refined whether a Refinery merges the rig's branches: then a bead is complete once merged
 */
public record ConvoyPlan(List<Bead> beads, List<String> toStart, boolean refined) {

  /** Whether a failed or stuck Polecat will run again (its Witness retries it): not failed yet. */
  public interface Retries {
    boolean pending(Polecat polecat);
  }

  public static final String CONVOY_LABEL = "gastown.gastown.io/convoy";
  static final String MERGED = "Merged";
  private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  /** One tracked bead and the Polecat working on it (null while it waits for its turn). */
  public record Bead(String bead, Polecat polecat, boolean retrying) {

    public Bead(String bead, Polecat polecat) {
      this(bead, polecat, false);
    }

    public boolean complete(boolean refined) {
      PolecatStatus status = status();
      if (status == null || status.getPhase() != PolecatPhase.Done) {
        return false;
      }
      // Nothing pushed (no changes): nothing to merge. Merged=Unknown: a Refinery in pull-request mode
      // handed the tested merge to the forge, which merges it; the Refinery's part is done.
      return !refined || !Boolean.TRUE.equals(status.getPushed())
          || merged().map(m -> "True".equals(m) || "Unknown".equals(m)).orElse(false);
    }

    public boolean failed(boolean refined) {
      PolecatStatus status = status();
      if (status == null || status.getPhase() == null) {
        return false;
      }
      return !retrying && (status.getPhase() == PolecatPhase.Failed || status.getPhase() == PolecatPhase.Stuck
          || status.getPhase() == PolecatPhase.Terminated || (refined && merged().map("False"::equals).orElse(false)));
    }

    public Optional<String> merged() {
      PolecatStatus status = status();
      return status == null ? Optional.empty() : status.getConditions().stream()
          .filter(c -> MERGED.equals(c.getType())).map(Condition::getStatus).findFirst();
    }

    PolecatStatus status() {
      return polecat == null ? null : polecat.getStatus();
    }

    /** Holds one of the convoy's parallel slots: running, or ended and about to run again. */
    boolean working() {
      return polecat != null
          && (retrying || status() == null || status().getPhase() == null || !status().getPhase().isTerminal());
    }
  }

  static ConvoyPlan none(Convoy convoy) {
    return new ConvoyPlan(ConvoyReconciler.beads(convoy).stream().map(b -> new Bead(b, null)).toList(), List.of(), false);
  }

  static ConvoyPlan of(Convoy convoy, List<Polecat> polecats, boolean refined, Retries retries) {
    List<Bead> beads = new ArrayList<>();
    for (String bead : ConvoyReconciler.beads(convoy)) {
      Polecat polecat = tracked(convoy, bead, polecats).orElse(null);
      beads.add(new Bead(bead, polecat, polecat != null && retries.pending(polecat)));
    }
    long working = beads.stream().filter(Bead::working).count();
    int parallelism = convoy.getSpec().getParallelism() == null ? 0 : convoy.getSpec().getParallelism();
    long room = parallelism == 0 ? Long.MAX_VALUE : Math.max(0, parallelism - working);
    List<String> toStart = beads.stream().filter(b -> b.polecat() == null).map(Bead::bead).limit(room).toList();
    return new ConvoyPlan(beads, toStart, refined);
  }

  /** The plan once the Polecats it started exist. */
  ConvoyPlan withStarted(Map<String, Polecat> started) {
    return new ConvoyPlan(beads.stream().map(b -> b.polecat() == null && started.containsKey(b.bead())
        ? new Bead(b.bead(), started.get(b.bead())) : b).toList(), List.of(), refined);
  }

  /** The convoy's own Polecat for the bead; else one of the rig working on it already (the latest). */
  private static Optional<Polecat> tracked(Convoy convoy, String bead, List<Polecat> polecats) {
    String own = polecatName(convoy, bead);
    Optional<Polecat> mine = polecats.stream()
        .filter(p -> own.equals(p.getMetadata().getName()) && ownedBy(p, convoy)).findFirst();
    if (mine.isPresent()) {
      return mine;
    }
    return polecats.stream()
        .filter(p -> bead.equals(p.getSpec().getBeadID()) && Objects.equals(convoy.getSpec().getRigRef(), p.getSpec().getRig()))
        .max(Comparator.comparing((Polecat p) -> !ConvoyReconciler.finished(p.getStatus()))
            .thenComparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")));
  }

  /** Whether the Polecat is the convoy's, or works for its rig on one of its beads. */
  static boolean concerns(Convoy convoy, Polecat polecat) {
    if (ownedBy(polecat, convoy)) {
      return true;
    }
    PolecatSpec spec = polecat.getSpec();
    return convoy.getSpec().getRigRef() != null && spec != null && convoy.getSpec().getRigRef().equals(spec.getRig())
        && convoy.getSpec().getTrackedBeads() != null && convoy.getSpec().getTrackedBeads().contains(spec.getBeadID());
  }

  private static boolean ownedBy(Polecat polecat, Convoy convoy) {
    var owners = polecat.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> "Convoy".equals(o.getKind())
        && (Objects.equals(convoy.getMetadata().getUid(), o.getUid()) || (convoy.getMetadata().getUid() == null
            && convoy.getMetadata().getName().equals(o.getName()))));
  }

  /** {@code <convoy>-<bead>} lowercased, with what a name cannot hold replaced by '-'. */
  public static String polecatName(Convoy convoy, String bead) {
    return (convoy.getMetadata().getName() + "-" + bead).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
  }

  static Optional<String> validate(Convoy convoy) {
    var template = convoy.getSpec().getPolecatTemplate();
    if (template != null && template.getKubernetes() != null && template.getKubernetes().getWorkBranch() != null) {
      return Optional.of("spec.polecatTemplate.kubernetes.workBranch would be the branch of every bead: leave it unset");
    }
    for (String bead : ConvoyReconciler.beads(convoy)) {
      String name = polecatName(convoy, bead);
      if (name.length() > Names.MAX_POLECAT_NAME || !NAME.matcher(name).matches()) {
        return Optional.of("the Polecat of bead " + bead + " would be named " + name + ", which is not a valid name of at most "
            + Names.MAX_POLECAT_NAME + " characters: shorten the convoy's name");
      }
    }
    return Optional.empty();
  }

  /** Phase, branch, commit and merge: what a convoy reads of a Polecat. */
  static String signature(Polecat polecat) {
    PolecatStatus status = polecat.getStatus();
    return status == null ? "" : status.getPhase() + "|" + status.getBranch() + "|" + status.getCommit() + "|"
        + new Bead("", polecat).merged().orElse("");
  }

}
