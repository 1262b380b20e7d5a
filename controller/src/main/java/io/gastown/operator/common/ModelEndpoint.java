package io.gastown.operator.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.Set;

/**
 * The Anthropic-compatible endpoint agents talk to when a Polecat names no
 * {@code agentConfig.baseURL}, and which base URLs the operator accepts. The credential travels to
 * that address, so it must be https; plain http only to loopback, or anywhere when the operator is
 * configured to allow it (test clusters whose model API is a local stand-in).
 *
 * @param defaultBaseUrl the endpoint when a Polecat names none; empty for Claude Code's default
 *     (https://api.anthropic.com)
 * @param allowHttp whether plain-http base URLs to other hosts than loopback are accepted
 */
public record ModelEndpoint(String defaultBaseUrl, boolean allowHttp) {

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  public ModelEndpoint {
    defaultBaseUrl = defaultBaseUrl == null ? "" : defaultBaseUrl;
  }

  /** Claude Code's own default endpoint, https only. */
  public static ModelEndpoint anthropic() {
    return new ModelEndpoint("", false);
  }


  /** Why {@code url} may not be used as a base URL, or empty when it may. */
  public Optional<String> problem(String url) {
    if (url == null || url.isEmpty()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("is not a URL");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return Optional.of("must be scheme://host[:port][/path], with no user, query or fragment");
    }
    if ("https".equals(uri.getScheme())) {
      return Optional.empty();
    }
    if ("http".equals(uri.getScheme()) && (allowHttp || LOOPBACK.contains(uri.getHost()))) {
      return Optional.empty();
    }
    return Optional.of("must be an https:// URL: the model credential is sent to it"
        + " (plain http is accepted for loopback only, unless the operator sets GASTOWN_ALLOW_HTTP_BASE_URL)");
  }
}
