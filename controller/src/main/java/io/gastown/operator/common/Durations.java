package io.gastown.operator.common;

import io.gastown.operator.api.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations of hours, minutes and seconds ("90s", "15m", "1h30m"), as the Go operator's CRDs write them. */
public final class Durations {

  private static final Pattern DURATION = Pattern.compile(Duration.PATTERN);

  private Durations() {}

  /** Seconds of the duration; empty when it is null, empty or not a duration. */
  public static Optional<Long> seconds(String duration) {
    if (duration == null || duration.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = DURATION.matcher(duration);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(part(m, 1) * 3600 + part(m, 2) * 60 + part(m, 3));
  }

  private static long part(Matcher m, int group) {
    String part = m.group(group);
    return part == null ? 0 : Long.parseLong(part.substring(0, part.length() - 1));
  }
}
