package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.operator.forge.ScriptedForge;
import io.gastown.operator.forge.ScriptedForge.Request;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gastown-pull-request step against a scripted GitHub or GitLab. */
class PullRequestStepTest {

  private static final String TOKEN = "ghp_s3cretTokenValue0123456789";

  @TempDir
  Path tmp;

  private ScriptedForge forge;

  @AfterEach
  void stopForge() {
    if (forge != null) {
      forge.close();
    }
  }

  @Test
  void githubOpensAPullRequestFromTheHeadBranchWithTheTokenInItsAuthHeader() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    StepRun run = github().param("body", "What changed.").run();

    List<Request> requests = forge.requests();
    Request post = requests.get(1);
    ScriptedForge.PullRequest pr = forge.pullRequests().get(0);
    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("opened", run.result("outcome")),
        () -> assertEquals("1", run.result("number")),
        () -> assertEquals(pr.url(), run.result("url")),
        () -> assertEquals("", run.result("comment-url")),
        () -> assertEquals("Opened pull request #1: " + pr.url(), run.result("message")),
        () -> assertEquals(2, requests.size(), requests::toString),
        () -> assertEquals("GET", requests.get(0).method()),
        () -> assertEquals("/repos/acme/widgets/pulls", requests.get(0).path()),
        () -> assertEquals("acme:gastown/fix-login", requests.get(0).queryParam("head")),
        () -> assertEquals("main", requests.get(0).queryParam("base")),
        () -> assertEquals("open", requests.get(0).queryParam("state")),
        () -> assertEquals("POST", post.method()),
        () -> assertEquals("/repos/acme/widgets/pulls", post.path()),
        () -> assertEquals("Bearer " + TOKEN, post.header("authorization")),
        () -> assertEquals("Fix the login", post.json().path("title").asText()),
        () -> assertEquals("gastown/fix-login", post.json().path("head").asText()),
        () -> assertEquals("main", post.json().path("base").asText()),
        () -> assertEquals("What changed.", post.json().path("body").asText()),
        () -> assertFalse(post.json().path("draft").asBoolean(true)),
        () -> assertEquals(new ScriptedForge.PullRequest(1, "gastown/fix-login", "main", "Fix the login", "What changed.",
            false, pr.url(), "open"), pr));
    assertTokenHidden(run);
  }

  @Test
  void aSecondRunUpdatesTheOpenPullRequestInsteadOfOpeningAnother() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    github().run();
    StepRun again = github().param("title", "Fix the login, take two").param("body", "Now with tests.").run();

    List<Request> requests = forge.requests();
    Request patch = requests.get(requests.size() - 1);
    assertAll(again::toString,
        () -> assertEquals(0, again.exitCode()),
        () -> assertEquals("updated", again.result("outcome")),
        () -> assertEquals("1", again.result("number")),
        () -> assertTrue(again.result("message").startsWith("Updated pull request #1: "), again.result("message")),
        () -> assertEquals(1, forge.pullRequests().size()),
        () -> assertEquals("Fix the login, take two", forge.pullRequests().get(0).title()),
        () -> assertEquals("Now with tests.", forge.pullRequests().get(0).body()),
        () -> assertEquals("PATCH", patch.method()),
        () -> assertEquals("/repos/acme/widgets/pulls/1", patch.path()),
        () -> assertEquals(List.of("GET", "POST", "GET", "PATCH"), requests.stream().map(Request::method).toList()));
  }

  @Test
  void aDraftPullRequestIsOpenedAsADraft() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    StepRun run = github().param("draft", "true").run();

    assertAll(run::toString,
        () -> assertEquals("opened", run.result("outcome")),
        () -> assertTrue(forge.pullRequests().get(0).draft()),
        () -> assertTrue(forge.requests().get(1).json().path("draft").asBoolean()));
  }

  @Test
  void theIssueIsClosedByThePullRequestAndItsCommentLinksToIt() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    StepRun run = github().param("body", "What changed.").param("issue", "12").param("comment", "The Polecat is done.").run();

    ScriptedForge.PullRequest pr = forge.pullRequests().get(0);
    ScriptedForge.Comment comment = forge.comments().get(0);
    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("opened", run.result("outcome")),
        () -> assertEquals("What changed.\n\nCloses #12", pr.body()),
        () -> assertEquals(12, comment.issue()),
        () -> assertEquals("The Polecat is done.\n\nPull request: " + pr.url(), comment.body()),
        () -> assertEquals(comment.url(), run.result("comment-url")),
        () -> assertEquals("/repos/acme/widgets/issues/12/comments", forge.requests().get(2).path()),
        () -> assertEquals("Opened pull request #1: " + pr.url() + "; commented on issue #12: " + comment.url(),
            run.result("message")));
    assertTokenHidden(run);
  }

  @Test
  void withoutOpeningItOnlyCommentsOnTheIssue() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    StepRun run = github().param("open", "false").param("issue", "12").param("comment", "The run failed: tests.").run();

    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("commented", run.result("outcome")),
        () -> assertEquals("", run.result("url")),
        () -> assertEquals("", run.result("number")),
        () -> assertEquals(forge.comments().get(0).url(), run.result("comment-url")),
        () -> assertEquals("Commented on issue #12: " + forge.comments().get(0).url(), run.result("message")),
        () -> assertEquals("The run failed: tests.", forge.comments().get(0).body()),
        () -> assertEquals(List.of(), forge.pullRequests()),
        () -> assertEquals(1, forge.requests().size(), forge.requests()::toString));
  }

  @Test
  void withoutOpeningItPostsAGitlabNoteWithItsUrl() throws IOException {
    forge = ScriptedForge.gitlab(TOKEN);
    StepRun run = gitlab().param("open", "false").param("issue", "3").param("comment", "The run failed.").run();

    ScriptedForge.Comment note = forge.comments().get(0);
    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("commented", run.result("outcome")),
        () -> assertEquals("The run failed.", note.body()),
        () -> assertEquals(note.url(), run.result("comment-url")),
        () -> assertEquals("/api/v4/projects/group%2Fsub%2Fproject/issues/3/notes", forge.requests().get(0).path()),
        () -> assertEquals(List.of(), forge.pullRequests()));
  }

  @Test
  void gitlabOpensAMergeRequestUnderTheEncodedProjectPathThenUpdatesItAndPostsANote() throws IOException {
    forge = ScriptedForge.gitlab(TOKEN);
    StepRun opened = gitlab().param("body", "What changed.").param("issue", "3").param("comment", "Done.").run();
    StepRun updated = gitlab().param("title", "Fix the login again").param("body", "More.").run();

    List<Request> requests = forge.requests();
    Request post = requests.get(1);
    ScriptedForge.PullRequest mr = forge.pullRequests().get(0);
    ScriptedForge.Comment note = forge.comments().get(0);
    assertAll(opened + "\n" + updated,
        () -> assertEquals("opened", opened.result("outcome")),
        () -> assertEquals("1", opened.result("number")),
        () -> assertEquals(mr.url(), opened.result("url")),
        () -> assertEquals("GET", requests.get(0).method()),
        () -> assertEquals("/api/v4/projects/group%2Fsub%2Fproject/merge_requests", requests.get(0).path()),
        () -> assertEquals("gastown/fix-login", requests.get(0).queryParam("source_branch")),
        () -> assertEquals("main", requests.get(0).queryParam("target_branch")),
        () -> assertEquals("opened", requests.get(0).queryParam("state")),
        () -> assertEquals("POST", post.method()),
        () -> assertEquals("/api/v4/projects/group%2Fsub%2Fproject/merge_requests", post.path()),
        () -> assertEquals(TOKEN, post.header("private-token")),
        () -> assertEquals("gastown/fix-login", post.json().path("source_branch").asText()),
        () -> assertEquals("main", post.json().path("target_branch").asText()),
        () -> assertEquals("Fix the login", post.json().path("title").asText()),
        () -> assertEquals("What changed.\n\nCloses #3", post.json().path("description").asText()),
        () -> assertEquals("/api/v4/projects/group%2Fsub%2Fproject/issues/3/notes", requests.get(2).path()),
        () -> assertEquals("Done.\n\nMerge request: " + mr.url(), note.body()),
        () -> assertEquals(note.url(), opened.result("comment-url")),
        () -> assertEquals("Opened merge request !1: " + mr.url() + "; commented on issue #3: " + note.url(),
            opened.result("message")),
        () -> assertEquals("updated", updated.result("outcome")),
        () -> assertEquals("PUT", requests.get(4).method()),
        () -> assertEquals("/api/v4/projects/group%2Fsub%2Fproject/merge_requests/1", requests.get(4).path()),
        () -> assertEquals(1, forge.pullRequests().size()),
        () -> assertEquals("Fix the login again", mr.title()),
        () -> assertEquals("More.", mr.body()));
    assertTokenHidden(opened);
    assertTokenHidden(updated);
  }

  @Test
  void aGitlabDraftIsADraftTitleAndStaysOneWhenUpdated() throws IOException {
    forge = ScriptedForge.gitlab(TOKEN);
    StepRun opened = gitlab().param("draft", "true").run();
    StepRun updated = gitlab().param("title", "Fix the login again").run();

    ScriptedForge.PullRequest mr = forge.pullRequests().get(0);
    assertAll(opened + "\n" + updated,
        () -> assertEquals("Draft: Fix the login", forge.requests().get(1).json().path("title").asText()),
        () -> assertEquals("updated", updated.result("outcome")),
        () -> assertEquals("Draft: Fix the login again", mr.title()),
        () -> assertTrue(mr.draft()));
  }

  @Test
  void aWrongTokenFailsNamingTheForgesAnswer() throws IOException {
    forge = ScriptedForge.github("another-token-altogether");
    StepRun run = github().run();

    assertAll(run::toString,
        () -> assertEquals(1, run.exitCode()),
        () -> assertEquals("failed", run.result("outcome")),
        () -> assertEquals("GitHub answered 401 Unauthorized for GET /repos/acme/widgets/pulls: Bad credentials: check the token",
            run.result("message")),
        () -> assertEquals("", run.result("url")),
        () -> assertTrue(run.stderr().contains("GitHub answered 401"), run.stderr()));
    assertTokenHidden(run);
  }

  @Test
  void aRepositoryTheForgeDoesNotKnowFailsWithItsNotFound() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    forge.failNext(404, "Not Found");
    StepRun run = github().run();

    assertAll(run::toString,
        () -> assertEquals(1, run.exitCode()),
        () -> assertEquals("failed", run.result("outcome")),
        () -> assertEquals("GitHub answered 404 Not Found for GET /repos/acme/widgets/pulls: Not Found: check repository and token",
            run.result("message")));
  }

  @Test
  void anOpenPullRequestOfTheBranchAgainstAnotherBaseIsReportedNotDuplicated() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    github().param("base-branch", "release").run();
    StepRun run = github().run();

    assertAll(run::toString,
        () -> assertEquals(1, run.exitCode()),
        () -> assertEquals("failed", run.result("outcome")),
        () -> assertEquals("GitHub answered 422 Unprocessable Entity for POST /repos/acme/widgets/pulls: Validation Failed: "
            + "A pull request already exists for acme:gastown/fix-login.", run.result("message")),
        () -> assertEquals(1, forge.pullRequests().size()));
  }

  @Test
  void aGitlabMergeRequestOpenedMeanwhileIsUpdated() throws IOException {
    forge = ScriptedForge.gitlab(TOKEN);
    gitlab().run();
    // The first lookup misses it (as when another run opens it between lookup and create).
    forge.failNext(200, "[]");
    StepRun run = gitlab().param("title", "Second").run();

    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("updated", run.result("outcome")),
        () -> assertEquals("Second", forge.pullRequests().get(0).title()),
        () -> assertEquals(1, forge.pullRequests().size()));
  }

  @Test
  void aServerErrorIsTriedOnceMore() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    forge.failNext(502, "Server Error");
    StepRun run = github().run();

    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("opened", run.result("outcome")),
        () -> assertEquals(List.of("GET", "GET", "POST"), forge.requests().stream().map(Request::method).toList()));
  }

  @Test
  void aServerErrorTwiceFails() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    forge.failNext(500, "Server Error");
    forge.failNext(500, "Server Error");
    StepRun run = github().run();

    assertAll(run::toString,
        () -> assertEquals(1, run.exitCode()),
        () -> assertEquals("GitHub answered 500 Internal Server Error for GET /repos/acme/widgets/pulls: Server Error",
            run.result("message")),
        () -> assertEquals(2, forge.requests().size()));
  }

  @Test
  void aForgeThatCannotBeReachedFailsNamingIt() throws IOException {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    StepRun run = TaskStep.of("pull-request.yaml", tmp).param("api-url", "http://127.0.0.1:" + port)
        .param("repository", "acme/widgets").param("head-branch", "work").param("title", "T")
        .workspace("forge-token", tokenDir(TOKEN + "\n")).run();

    assertAll(run::toString,
        () -> assertEquals(1, run.exitCode()),
        () -> assertEquals("failed", run.result("outcome")),
        () -> assertEquals("could not reach GitHub at http://127.0.0.1:" + port + " for GET /repos/acme/widgets/pulls: ECONNREFUSED",
            run.result("message")));
  }

  @Test
  void theBodyTitleAndCommentReachTheForgeByteForByte() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    Path pwned = tmp.resolve("pwned");
    String text = "$(touch " + pwned + ") `touch " + pwned + "` ${HOME} $HOME \"double\" 'single' \\ back\\slash\n"
        + "$(rm -rf /) && echo ; | > ünïcødé ✓ 🚀 %s %2F <b>&amp;</b>\n\ttabbed  two  spaces\n";
    String branch = "feature/`touch${IFS}" + pwned + "`$(touch${IFS}" + pwned + ");'\"x&y=z#ü";
    StepRun run = github().param("title", "Fix `it` $(now) 'please' ✓").param("body", text).param("issue", "5")
        .param("comment", text).param("head-branch", branch).run();

    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertEquals("Fix `it` $(now) 'please' ✓", forge.pullRequests().get(0).title()),
        () -> assertEquals(text + "\n\nCloses #5", forge.pullRequests().get(0).body()),
        () -> assertEquals(branch, forge.pullRequests().get(0).head()),
        () -> assertEquals("acme:" + branch, forge.requests().get(0).queryParam("head")),
        () -> assertEquals(text + "\n\nPull request: " + forge.pullRequests().get(0).url(), forge.comments().get(0).body()),
        () -> assertFalse(Files.exists(pwned), "a value ran as a command"));
  }

  @Test
  void aBodyThatAlreadyClosesTheIssueGetsNoSecondLink() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    github().param("body", "Fixes #12 by checking the session.").param("issue", "12").run();

    assertEquals("Fixes #12 by checking the session.", forge.pullRequests().get(0).body());
  }

  @Test
  void theTokenNeverShowsEvenWhenTheForgeEchoesIt() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    forge.failNext(403, "token " + TOKEN + " lacks the scope repo");
    StepRun run = github().run();

    assertAll(run::toString,
        () -> assertEquals("failed", run.result("outcome")),
        () -> assertEquals("GitHub answered 403 Forbidden for GET /repos/acme/widgets/pulls: token [redacted] lacks the scope "
            + "repo: check the token's permissions", run.result("message")));
    assertTokenHidden(run);
  }

  @Test
  void aLongForgeMessageIsCutToOneResultOfAtMost300Bytes() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    forge.failNext(404, "ü".repeat(400) + "\nsecond line");
    StepRun run = github().run();

    String message = run.result("message");
    assertAll(run::toString,
        () -> assertTrue(message.getBytes(StandardCharsets.UTF_8).length <= 300, message),
        () -> assertTrue(message.startsWith("GitHub answered 404 Not Found for GET /repos/acme/widgets/pulls: üü"), message),
        () -> assertFalse(message.contains("\n"), message));
  }

  @Test
  void aMissingOrEmptyTokenFileFailsBeforeAnyRequest() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    StepRun missing = github().workspace("forge-token", Files.createDirectories(tmp.resolve("no-token"))).run();
    StepRun empty = github().workspace("forge-token", tokenDir("  \n")).run();

    assertAll(missing + "\n" + empty,
        () -> assertEquals(1, missing.exitCode()),
        () -> assertEquals("failed", missing.result("outcome")),
        () -> assertEquals("no forge token: there is no file token in the forge-token workspace; the secret bound to it needs "
            + "the key token", missing.result("message")),
        () -> assertEquals(1, empty.exitCode()),
        () -> assertEquals("the forge token (file token of the forge-token workspace) is empty", empty.result("message")),
        () -> assertEquals(List.of(), forge.requests()));
  }

  @Test
  void badInputFailsWithAClearMessageBeforeAnyRequest() throws IOException {
    forge = ScriptedForge.github(TOKEN);
    assertAll(
        () -> assertFails(github().param("provider", "bitbucket"), "provider must be github or gitlab, not \"bitbucket\""),
        () -> assertFails(github().param("api-url", "ftp://forge.example.com"), "api-url must be an http or https URL, not ftp"),
        () -> assertFails(github().param("api-url", "not a url"),
            "api-url \"not a url\" is not a URL; use e.g. https://api.github.com"),
        () -> assertFails(github().param("api-url", "https://user:pw@forge.example.com"),
            "api-url must not carry credentials; the token comes from the forge-token workspace"),
        () -> assertFails(github().param("repository", "widgets"), "repository must be owner/repo, not \"widgets\""),
        () -> assertFails(github().param("repository", "acme/../widgets"), "repository must be owner/repo, not \"acme/../widgets\""),
        () -> assertFails(gitlab().param("repository", "project"),
            "repository must be group/project (or group/subgroup/project), not \"project\""),
        () -> assertFails(github().param("head-branch", ""),
            "head-branch is empty: name the pushed branch to open the pull request from"),
        () -> assertFails(github().param("base-branch", ""), "base-branch is empty: name the branch the pull request targets"),
        () -> assertFails(github().param("title", " "), "title is empty: the pull request needs a title"),
        () -> assertFails(github().param("draft", "yes"), "draft must be \"true\" or \"false\", not \"yes\""),
        () -> assertFails(github().param("issue", "#12"), "issue must be the number of an issue, not \"#12\""),
        () -> assertFails(github().param("open", "false"),
            "open is \"false\" and there is no issue comment to post (issue and comment must both be set): nothing to do"));
    assertEquals(List.of(), forge.requests());
  }

  private static void assertFails(TaskStep step, String message) {
    StepRun run = step.run();
    assertAll(run::toString,
        () -> assertEquals(1, run.exitCode()),
        () -> assertEquals("failed", run.result("outcome")),
        () -> assertEquals(message, run.result("message")));
  }

  private static void assertTokenHidden(StepRun run) {
    assertFalse(run.everythingVisible().contains(TOKEN), run::toString);
    assertFalse(run.everythingVisible().contains("s3cretToken"), run::toString);
  }

  private TaskStep github() throws IOException {
    return TaskStep.of("pull-request.yaml", tmp)
        .param("provider", "github")
        .param("api-url", forge.apiUrl())
        .param("repository", "acme/widgets")
        .param("head-branch", "gastown/fix-login")
        .param("title", "Fix the login")
        .workspace("forge-token", tokenDir(TOKEN + "\n"));
  }

  private TaskStep gitlab() throws IOException {
    return github().param("provider", "gitlab").param("repository", "group/sub/project");
  }

  private Path tokenDir(String content) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "forge-token-");
    Files.writeString(dir.resolve("token"), content);
    return dir;
  }
}
