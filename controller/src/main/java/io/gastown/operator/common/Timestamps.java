package io.gastown.operator.common;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** RFC 3339 timestamps at second precision, as Kubernetes writes them. */
public final class Timestamps {

  private Timestamps() {}

  public static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  public static Instant parse(String timestamp) {
    return timestamp == null ? null : Instant.parse(timestamp);
  }

  /** From {@code start} to {@code end}; empty when either is missing or not a timestamp, or end is before start. */
  public static Optional<Duration> between(String start, String end) {
    try {
      Instant from = parse(start);
      Instant to = parse(end);
      return from == null || to == null || to.isBefore(from) ? Optional.empty() : Optional.of(Duration.between(from, to));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
