package io.gastown.operator.rig;

import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.api.rig.RigSettings;
import io.gastown.operator.common.Costs;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Optional;

/** A rig's cap and budget, and what its Polecats spent. */
public final class RigBudget {

  private RigBudget() {}

  public static int maxPolecats(Rig rig) {
    RigSettings settings = rig.getSpec().getSettings();
    return settings == null || settings.getMaxPolecats() == null ? RigSettings.DEFAULT_MAX_POLECATS : settings.getMaxPolecats();
  }

  public static Optional<BigDecimal> maxCostUSD(Rig rig) {
    RigSettings settings = rig.getSpec().getSettings();
    return settings == null || settings.getMaxCostUSD() == null || settings.getMaxCostUSD().isEmpty()
        ? Optional.empty() : Optional.of(new BigDecimal(settings.getMaxCostUSD()));
  }

  /** The summed status.costUSD of the Polecats; a value that is not a number counts as 0. */
  public static BigDecimal spent(Collection<Polecat> polecats) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Polecat polecat : polecats) {
      // A cost the agent step could not parse is not spent money.
      sum = sum.add(Costs.parse(polecat.getStatus() == null ? null : polecat.getStatus().getCostUSD()).orElse(BigDecimal.ZERO));
    }
    return sum;
  }

  public static boolean exhausted(Rig rig, Collection<Polecat> polecats) {
    return maxCostUSD(rig).map(max -> spent(polecats).compareTo(max) >= 0).orElse(false);
  }

}
