package io.gastown.operator.forge;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The test forge answers like the real APIs where the pull-request step depends on it. */
class ScriptedForgeTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void githubRefusesASecondOpenPullRequestForTheSameHeadAndAWrongToken() throws Exception {
    try (var forge = ScriptedForge.github("s3cret")) {
      String pr = "{\"title\":\"T\",\"head\":\"work\",\"base\":\"main\",\"body\":\"B\"}";
      var first = send(forge.apiUrl() + "/repos/o/r/pulls", "POST", "Authorization", "Bearer s3cret", pr);
      var second = send(forge.apiUrl() + "/repos/o/r/pulls", "POST", "Authorization", "Bearer s3cret", pr);
      var listed = send(forge.apiUrl() + "/repos/o/r/pulls?head=o%3Awork&state=open", "GET", "Authorization",
          "Bearer s3cret", null);
      var wrong = send(forge.apiUrl() + "/repos/o/r/pulls", "POST", "Authorization", "Bearer nope", pr);

      assertAll(
          () -> assertEquals(201, first.statusCode(), first.body()),
          () -> assertTrue(first.body().contains("\"html_url\":\"" + forge.apiUrl() + "/o/r/pull/1\""), first.body()),
          () -> assertEquals(422, second.statusCode()),
          () -> assertTrue(second.body().contains("A pull request already exists for o:work."), second.body()),
          () -> assertTrue(listed.body().contains("\"number\":1"), listed.body()),
          () -> assertEquals(401, wrong.statusCode()),
          () -> assertEquals(1, forge.pullRequests().size()),
          () -> assertEquals(4, forge.requests().size()));
    }
  }

  @Test
  void gitlabServesTheEncodedProjectPathAndRefusesASecondOpenMergeRequest() throws Exception {
    try (var forge = ScriptedForge.gitlab("s3cret")) {
      String url = forge.apiUrl() + "/projects/group%2Fsub%2Fproject/merge_requests";
      String mr = "{\"source_branch\":\"work\",\"target_branch\":\"main\",\"title\":\"Draft: T\"}";
      var first = send(url, "POST", "PRIVATE-TOKEN", "s3cret", mr);
      var second = send(url, "POST", "PRIVATE-TOKEN", "s3cret", mr);
      forge.failNext(503, "try later");
      var failed = send(url, "GET", "PRIVATE-TOKEN", "s3cret", null);

      assertAll(
          () -> assertEquals(201, first.statusCode(), first.body()),
          () -> assertTrue(first.body().contains("/group/sub/project/-/merge_requests/1\""), first.body()),
          () -> assertEquals(true, forge.pullRequests().get(0).draft()),
          () -> assertEquals(409, second.statusCode()),
          () -> assertEquals(503, failed.statusCode()),
          () -> assertEquals("/api/v4/projects/group%2Fsub%2Fproject/merge_requests", forge.requests().get(0).path()));
    }
  }

  private HttpResponse<String> send(String url, String method, String header, String value, String body)
      throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(url)).header(header, value)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
