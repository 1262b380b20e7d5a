package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** How the claude step authenticates, and that no secret ever shows in its logs or results. */
class ClaudeStepCredentialsTest {

  private static final String ACCESS_TOKEN = "sk-ant-oat01-access-token-from-the-credentials-file";
  private static final String CREDENTIALS = """
      {"claudeAiOauth":{"accessToken":"%s","refreshToken":"sk-ant-ort01-refresh-token",\
      "expiresAt":4102444800000,"scopes":["user:inference","user:profile"],"subscriptionType":"max"}}
      """.formatted(ACCESS_TOKEN);
  private static final String LONG_LIVED_TOKEN = "sk-ant-oat01-long-lived-token-from-setup-token";

  /** One scripted Messages API for the class, stopped after its tests. */
  @RegisterExtension
  static final FakeAnthropicApi api = FakeAnthropicApi.start();

  @TempDir
  Path tmp;

  private PolecatWorkspace polecat;
  private Path claudeHome;

  @BeforeEach
  void cloneOrigin() throws Exception {
    polecat = PolecatWorkspace.cloned(tmp, "feature/gt-42");
    claudeHome = Files.createDirectories(tmp.resolve("claude-home-secret"));
  }

  @Test
  void theCredentialsFileIsCopiedPrivatelyIntoHomeAndTheMountIsNotWritten() throws Exception {
    Files.writeString(claudeHome.resolve(".credentials.json"), CREDENTIALS);
    Snapshot mount = Snapshot.of(claudeHome);
    api.script(Reply.text("Nothing to change."));

    StepRun run = polecat.claudeStep(api).workspace("claude-credentials", claudeHome).run();

    Path copy = run.home().resolve(".claude/.credentials.json");
    RecordedRequest request = api.messageRequests().get(0);
    assertAll(run::toString,
        () -> assertEquals(0, run.exitCode()),
        () -> assertTrue(run.stdout().contains("Claude credentials copied to " + run.home() + "/.claude/")),
        () -> assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))),
        () -> assertEquals(CREDENTIALS, Files.readString(copy)),
        () -> assertEquals(mount, Snapshot.of(claudeHome)),
        () -> assertEquals("Bearer " + ACCESS_TOKEN, request.headers().get("authorization")),
        () -> assertNull(request.headers().get("x-api-key"), "the OAuth credentials win over the API key"),
        () -> assertFalse(run.everythingVisible().contains(ACCESS_TOKEN)),
        () -> assertFalse(run.everythingVisible().contains("sk-ant-ort01-refresh-token")));
  }

  @Test
  void aSetupTokenIsAddedByTheCredentialProxyAsBearerTokenWithTheOAuthBeta() throws Exception {
    Files.writeString(claudeHome.resolve("oauth-token"), LONG_LIVED_TOKEN + "\n");
    api.script(Reply.text("Nothing to change."));

    StepRun run = polecat.claudeStep(api).withoutWorkspace("api-key").workspace("claude-home", claudeHome).run();

    RecordedRequest request = api.messageRequests().get(0);
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("Bearer " + LONG_LIVED_TOKEN, request.headers().get("authorization"));
    assertNull(request.headers().get("x-api-key"), "the agent's placeholder key never reaches the API");
    assertTrue(request.headers().get("anthropic-beta").contains("oauth-2025-04-20"), request.headers().toString());
    assertTrue(run.stdout().contains("Model requests go through the credential proxy"), run::toString);
  }

  @Test
  void theApiKeyIsAddedByTheCredentialProxy() {
    api.script(Reply.text("Nothing to change."));

    StepRun run = polecat.claudeStep(api).run();

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(PolecatWorkspace.API_KEY, api.messageRequests().get(0).headers().get("x-api-key"));
    assertNull(api.messageRequests().get(0).headers().get("authorization"));
  }

  @Test
  void theAgentsOwnEnvironmentHoldsNoCredential() throws Exception {
    Files.writeString(claudeHome.resolve("oauth-token"), LONG_LIVED_TOKEN);
    api.script(Reply.bash("env; cat /proc/self/environ | tr '\\0' '\\n'"), Reply.text("Looked around."));

    StepRun run = polecat.claudeStep(api).workspace("claude-home", claudeHome).run();

    String seenByTheAgent = api.messageRequests().get(1).body();
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(seenByTheAgent.contains("ANTHROPIC_API_KEY=gastown-credential-proxy"), seenByTheAgent);
    assertFalse(seenByTheAgent.contains(PolecatWorkspace.API_KEY), "the agent saw the API key");
    assertFalse(seenByTheAgent.contains(LONG_LIVED_TOKEN), "the agent saw the setup-token");
  }

  @Test
  void theApiKeyNeverShowsInTheResultsInAnyEncoding() {
    byte[] key = PolecatWorkspace.API_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String base64 = java.util.Base64.getEncoder().encodeToString(key);
    String hex = java.util.HexFormat.of().formatHex(key);
    api.script(Reply.text("The key is " + PolecatWorkspace.API_KEY + ", or " + base64 + ", or " + hex));

    StepRun run = polecat.claudeStep(api).run();

    String results = String.join("\n", run.results().values());
    assertFalse(results.contains(PolecatWorkspace.API_KEY), results);
    assertFalse(results.contains(base64.substring(4, base64.length() - 4)), results);
    assertFalse(results.contains(hex), results);
    assertTrue(run.result("summary").contains("The key is [redacted]"), results);
  }

  @Test
  void theSetupTokenNeverShowsInTheResults() throws Exception {
    Files.writeString(claudeHome.resolve("oauth-token"), LONG_LIVED_TOKEN);
    api.script(Reply.text("The token is " + LONG_LIVED_TOKEN));

    StepRun run = polecat.claudeStep(api).withoutWorkspace("api-key").workspace("claude-home", claudeHome).run();

    assertFalse(String.join("\n", run.results().values()).contains(LONG_LIVED_TOKEN), run::toString);
    assertFalse(run.stderr().contains(LONG_LIVED_TOKEN), "the credential proxy's log: " + run.stderr());
  }

  @Test
  void theCredentialsFileTokensNeverShowEvenWhenTheAgentRepeatsThem() throws Exception {
    Files.writeString(claudeHome.resolve(".credentials.json"), CREDENTIALS);
    api.script(Reply.text("My tokens: " + ACCESS_TOKEN + " and sk-ant-ort01-refresh-token"));

    StepRun run = polecat.claudeStep(api).workspace("claude-credentials", claudeHome).run();

    assertFalse(run.everythingVisible().contains(ACCESS_TOKEN), run::toString);
    assertFalse(run.everythingVisible().contains("sk-ant-ort01-refresh-token"), run::toString);
  }

  @Test
  void anExpiredOAuthTokenNeverShowsInTheFailure() throws Exception {
    Files.writeString(claudeHome.resolve(".credentials.json"), CREDENTIALS);
    api.script(Reply.expiredOAuthToken());

    StepRun run = polecat.claudeStep(api).workspace("claude-credentials", claudeHome).run();

    assertEquals("auth-failed", run.result("outcome"), run::toString);
    assertFalse(run.everythingVisible().contains(ACCESS_TOKEN), run::toString);
  }
}
