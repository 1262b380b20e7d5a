package io.gastown.operator.api;

/** The Go operator's duration fields: hours, minutes and seconds, as in 90s, 15m, 1h30m. */
public final class Duration {

  /** The schema pattern of every duration field; {@code common.Durations} reads the same grammar. */
  public static final String PATTERN = "^([0-9]{1,4}h)?([0-9]{1,5}m)?([0-9]{1,6}s)?$";

  private Duration() {}
}
