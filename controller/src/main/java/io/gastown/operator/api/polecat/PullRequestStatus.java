package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the forge answered: the pull request (or merge request) and the issue comment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PullRequestStatus {

  @JsonPropertyDescription("opened, updated, commented (a failed run: the issue comment only) or failed.")
  private String outcome;

  @JsonPropertyDescription("The pull request's web URL.")
  private String url;

  @JsonPropertyDescription("The pull request's number (GitHub) or iid (GitLab).")
  private Integer number;

  @JsonPropertyDescription("The web URL of the comment on the issue, when one was posted.")
  private String commentURL;

  @JsonPropertyDescription("What went wrong, when outcome is failed.")
  private String message;

  @Override
  public boolean equals(Object o) {
    return o instanceof PullRequestStatus s
        && java.util.Objects.equals(outcome, s.outcome)
        && java.util.Objects.equals(url, s.url)
        && java.util.Objects.equals(number, s.number)
        && java.util.Objects.equals(commentURL, s.commentURL)
        && java.util.Objects.equals(message, s.message);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(outcome, url, number);
  }

  public String getOutcome() {
    return outcome;
  }

  public void setOutcome(String outcome) {
    this.outcome = outcome;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public Integer getNumber() {
    return number;
  }

  public void setNumber(Integer number) {
    this.number = number;
  }

  public String getCommentURL() {
    return commentURL;
  }

  public void setCommentURL(String commentURL) {
    this.commentURL = commentURL;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
