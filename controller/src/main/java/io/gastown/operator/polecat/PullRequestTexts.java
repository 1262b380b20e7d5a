package io.gastown.operator.polecat;

import io.gastown.operator.agent.AgentResult;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatStatus;

/**
 * The title and body of the pull request a Polecat's run opens, and the comment on its issue, as
 * pure functions of the Polecat and its status. They are data: they reach the forge step only as
 * params and environment variables, never as script text.
 */
public final class PullRequestTexts {

  /** Of the summary's first line, at most this many characters go into the title. */
  static final int TITLE_SUMMARY = 72;

  private PullRequestTexts() {}

  /** {@code <beadID>: <first line of the summary>} (else of the task description), cut to {@value #TITLE_SUMMARY}. */
  public static String title(Polecat polecat) {
    String bead = polecat.getSpec().getBeadID();
    String line = firstLine(status(polecat).getSummary());
    if (line.isEmpty()) {
      line = firstLine(polecat.getSpec().getTaskDescription());
    }
    return line.isEmpty() ? bead : bead + ": " + cut(line, TITLE_SUMMARY);
  }

  /** The agent's summary, then the bead, commit, cost, turns and the Polecat. */
  public static String body(Polecat polecat) {
    PolecatStatus status = status(polecat);
    StringBuilder body = new StringBuilder();
    if (status.getSummary() != null && !status.getSummary().isBlank()) {
      body.append(status.getSummary().strip()).append("\n\n");
    }
    body.append("| | |\n|---|---|\n");
    row(body, "Bead", code(polecat.getSpec().getBeadID()));
    row(body, "Branch", code(status.getBranch()));
    row(body, "Commit", code(status.getCommit()));
    row(body, "Cost", status.getCostUSD() == null ? null : status.getCostUSD() + " USD");
    row(body, "Turns", status.getNumTurns() == null ? null : status.getNumTurns().toString());
    row(body, "Polecat", code(polecat.getMetadata().getNamespace() + "/" + polecat.getMetadata().getName()));
    body.append("\nOpened by the Gas Town operator after the agent's run.\n");
    return body.toString();
  }

  /**
   * The comment on the issue: the outcome, cost and turns; on a failure also the reason
   * ({@code push-refused: ...}). The forge step adds the pull request's URL.
   */
  public static String comment(Polecat polecat) {
    PolecatStatus status = status(polecat);
    String who = "Polecat " + code(polecat.getMetadata().getName());
    String bead = "bead " + code(polecat.getSpec().getBeadID());
    String spent = spent(status);
    if (Boolean.TRUE.equals(status.getPushed()) && AgentResult.SUCCEEDED.equals(status.getOutcome())) {
      return who + " finished " + bead + ": " + AgentResult.SUCCEEDED + ", branch " + code(status.getBranch())
          + " pushed" + spent + ".";
    }
    if (AgentResult.NO_CHANGES.equals(status.getOutcome())) {
      return who + " finished " + bead + " without changes: nothing was pushed, so there is no pull request" + spent + "."
          + quote(status.getSummary());
    }
    return who + " did not finish " + bead + ": " + reason(status) + spent + ".";
  }

  /** {@code <outcome>: <the step's summary>}, else the reason and message of the condition that ended the run. */
  static String reason(PolecatStatus status) {
    String summary = status.getSummary() == null ? "" : status.getSummary().strip();
    if (status.getOutcome() != null && !summary.isEmpty()) {
      return status.getOutcome() + ": " + summary;
    }
    var headline = PolecatStatusMapper.headline(status);
    String why = headline.map(c -> c.getReason() + ": " + c.getMessage()).orElse("the run failed");
    return status.getOutcome() == null ? why : status.getOutcome() + " (" + why + ")";
  }

  private static String spent(PolecatStatus status) {
    StringBuilder spent = new StringBuilder();
    if (status.getCostUSD() != null) {
      spent.append("; cost ").append(status.getCostUSD()).append(" USD");
    }
    if (status.getNumTurns() != null) {
      spent.append(spent.length() == 0 ? "; " : ", ").append(status.getNumTurns()).append(" turns");
    }
    return spent.toString();
  }

  private static void row(StringBuilder body, String name, String value) {
    if (value != null) {
      body.append("| ").append(name).append(" | ").append(value.replace("|", "\\|").replace("\n", " ")).append(" |\n");
    }
  }

  private static String code(String value) {
    return value == null || value.isEmpty() ? null : "`" + value.replace("`", "'") + "`";
  }

  private static String quote(String summary) {
    return summary == null || summary.isBlank() ? "" : "\n\n> " + summary.strip().replace("\n", "\n> ");
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String stripped = text.strip();
    int end = stripped.indexOf('\n');
    return (end < 0 ? stripped : stripped.substring(0, end)).strip();
  }

  private static String cut(String line, int max) {
    return line.length() <= max ? line : line.substring(0, max - 3).stripTrailing() + "...";
  }

  private static PolecatStatus status(Polecat polecat) {
    return polecat.getStatus() == null ? new PolecatStatus() : polecat.getStatus();
  }
}
