package io.gastown.operator.common;

import java.math.BigDecimal;
import java.util.Optional;

/** USD amounts as the agent step reports them (decimal strings); one that is not a number counts as nothing. */
public final class Costs {

  private Costs() {}

  public static Optional<BigDecimal> parse(String amount) {
    if (amount == null || amount.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(amount.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code earlier} plus {@code more}; null when neither is a number. */
  public static String sum(String earlier, String more) {
    Optional<BigDecimal> a = parse(earlier);
    Optional<BigDecimal> b = parse(more);
    if (a.isEmpty()) {
      return b.isPresent() ? more : null;
    }
    return b.isEmpty() ? earlier : format(a.get().add(b.get()));
  }

  public static String format(BigDecimal amount) {
    return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
  }
}
