package io.gastown.operator.agent;


/** The keys the steps read from the secrets a Polecat names. */
public final class SecretKeyNames {

  public static final String SSH_PRIVATE_KEY = "ssh-privatekey";
  public static final String CLAUDE_CREDENTIALS = ".credentials.json";
  public static final String CLAUDE_OAUTH_TOKEN = "oauth-token";
  public static final String DEFAULT_API_KEY = "api-key";

  private SecretKeyNames() {}
}
