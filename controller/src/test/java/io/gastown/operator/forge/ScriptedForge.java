package io.gastown.operator.forge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local GitHub or GitLab REST API, just the part the pull-request step calls, that keeps pull
 * (merge) requests and issue comments in memory and records every request.
 *
 * <p>GitHub: {@code GET/POST /repos/{o}/{r}/pulls} (GET filters {@code head=owner:branch},
 * {@code base}, {@code state}), {@code PATCH /repos/{o}/{r}/pulls/{n}},
 * {@code POST /repos/{o}/{r}/issues/{n}/comments}; auth {@code Authorization: Bearer <token>} (or
 * {@code token <token>}). A second open PR for the same head gets GitHub's 422 "Validation Failed"
 * with "A pull request already exists for owner:branch.".
 *
 * <p>GitLab, under {@code /api/v4}: {@code GET/POST /projects/{url-encoded path}/merge_requests}
 * (GET filters {@code source_branch}, {@code target_branch}, {@code state}),
 * {@code PUT /projects/{id}/merge_requests/{iid}}, {@code POST /projects/{id}/issues/{iid}/notes};
 * auth {@code PRIVATE-TOKEN: <token>} (or {@code Authorization: Bearer}). A second open MR for the
 * same source branch gets GitLab's 409. Drafts are the title's "Draft:" prefix, as on GitLab.
 *
 * <p>A wrong or missing token gets 401; {@link #failNext} makes the next request fail. Any repository
 * or project path is served.
 */
public final class ScriptedForge implements AutoCloseable {

  /** A request the forge received: raw path and query (as sent), header names in lower case. */
  public record Request(String method, String path, String query, Map<String, String> headers, String body) {

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }

    /** A decoded query parameter, or null. */
    public String queryParam(String name) {
      return ScriptedForge.query(query).get(name);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase());
    }

    @Override
    public String toString() {
      return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " " + body;
    }
  }

  /** A pull request (GitHub) or merge request (GitLab); number is the iid on GitLab, state open|closed|opened. */
  public record PullRequest(int number, String head, String base, String title, String body, boolean draft, String url,
      String state) {
  }

  /** An issue comment (GitLab: a note); url is its web URL. */
  public record Comment(int issue, String body, String url) {
  }

  private enum Kind { GITHUB, GITLAB }

  private record Failure(int status, String message) {
  }

  /** A pull request and the repository (GitHub owner/repo, GitLab project path) it belongs to. */
  private record Stored(String repository, PullRequest pr) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Kind kind;
  private final String token;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new ArrayList<>();
  private final List<Stored> stored = new ArrayList<>();
  private final List<Comment> comments = new ArrayList<>();
  private final Deque<Failure> failures = new ArrayDeque<>();
  private int nextCommentId = 1000;

  private ScriptedForge(Kind kind, String token, String bindHost) {
    this.kind = kind;
    this.token = token;
    try {
      server = HttpServer.create(new InetSocketAddress(bindHost, 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public static ScriptedForge github(String token) {
    return github(token, "127.0.0.1");
  }

  /** A GitHub API listening on {@code bindHost} (e.g. the node IP, for the e2e tier). */
  public static ScriptedForge github(String token, String bindHost) {
    return new ScriptedForge(Kind.GITHUB, token, bindHost);
  }

  public static ScriptedForge gitlab(String token) {
    return gitlab(token, "127.0.0.1");
  }

  /** A GitLab API listening on {@code bindHost} (e.g. the node IP, for the e2e tier). */
  public static ScriptedForge gitlab(String token, String bindHost) {
    return new ScriptedForge(Kind.GITLAB, token, bindHost);
  }

  /** The value for the {@code api-url} param: {@code http://host:port} (GitHub), {@code http://host:port/api/v4} (GitLab). */
  public String apiUrl() {
    return webUrl() + (kind == Kind.GITLAB ? "/api/v4" : "");
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  public synchronized List<PullRequest> pullRequests() {
    return stored.stream().map(Stored::pr).toList();
  }

  public synchronized List<Comment> comments() {
    return List.copyOf(comments);
  }

  /** The next request (whatever it is, before the token is checked) gets this status and message; calls queue up. */
  public synchronized void failNext(int status, String message) {
    failures.add(new Failure(status, message));
  }

  /** Closes (GitHub) or merges away (GitLab: state closed) a pull request, so the next run opens a new one. */
  public synchronized void closePullRequest(int number) {
    for (int i = 0; i < stored.size(); i++) {
      PullRequest pr = stored.get(i).pr();
      if (pr.number() == number) {
        stored.set(i, new Stored(stored.get(i).repository(), new PullRequest(pr.number(), pr.head(), pr.base(), pr.title(),
            pr.body(), pr.draft(), pr.url(), "closed")));
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private String webUrl() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Request request = record(exchange);
      Answer answer;
      synchronized (this) {
        requests.add(request);
        answer = answer(request);
      }
      byte[] bytes = answer.body().toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private static Request record(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String query = exchange.getRequestURI().getRawQuery();
    return new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), query == null ? "" : query,
        headers, body);
  }

  private record Answer(int status, JsonNode body) {
  }

  private Answer answer(Request request) {
    Failure failure = failures.poll();
    if (failure != null) {
      return error(failure.status(), failure.message());
    }
    if (!authorized(request)) {
      return kind == Kind.GITHUB ? error(401, "Bad credentials") : error(401, "401 Unauthorized");
    }
    JsonNode body;
    try {
      body = request.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(request.body());
    } catch (JsonProcessingException e) {
      return error(400, kind == Kind.GITHUB ? "Problems parsing JSON" : "400 Bad request - invalid JSON");
    }
    List<String> path = segments(request.path());
    return (kind == Kind.GITHUB ? github(request, path, body) : gitlab(request, path, body))
        .orElseGet(() -> kind == Kind.GITHUB ? error(404, "Not Found") : error(404, "404 Not Found"));
  }

  private boolean authorized(Request request) {
    String authorization = Optional.ofNullable(request.header("authorization")).orElse("");
    if (authorization.equals("Bearer " + token)) {
      return true;
    }
    return kind == Kind.GITHUB ? authorization.equals("token " + token) : token.equals(request.header("private-token"));
  }

  // --- GitHub

  private Optional<Answer> github(Request request, List<String> path, JsonNode body) {
    if (path.size() < 4 || !path.get(0).equals("repos")) {
      return Optional.empty();
    }
    String repository = path.get(1) + "/" + path.get(2);
    String method = request.method();
    if (path.size() == 4 && path.get(3).equals("pulls") && method.equals("GET")) {
      return Optional.of(listGithub(repository, query(request.query())));
    }
    if (path.size() == 4 && path.get(3).equals("pulls") && method.equals("POST")) {
      return Optional.of(openGithub(repository, body));
    }
    if (path.size() == 5 && path.get(3).equals("pulls") && method.equals("PATCH")) {
      return number(path.get(4)).map(n -> updateGithub(repository, n, body));
    }
    if (path.size() == 6 && path.get(3).equals("issues") && path.get(5).equals("comments") && method.equals("POST")) {
      return number(path.get(4)).map(n -> comment(repository, n, body.path("body")));
    }
    return Optional.empty();
  }

  private Answer listGithub(String repository, Map<String, String> query) {
    String owner = repository.substring(0, repository.indexOf('/'));
    String state = query.getOrDefault("state", "open");
    ArrayNode list = JSON.createArrayNode();
    for (PullRequest pr : of(repository)) {
      String head = query.get("head");
      boolean headMatches = head == null || head.equals(owner + ":" + pr.head());
      boolean baseMatches = !query.containsKey("base") || query.get("base").equals(pr.base());
      boolean stateMatches = state.equals("all") || state.equals(pr.state());
      if (headMatches && baseMatches && stateMatches) {
        list.add(githubJson(repository, pr));
      }
    }
    return new Answer(200, list);
  }

  private Answer openGithub(String repository, JsonNode body) {
    for (String field : List.of("title", "head", "base")) {
      if (!body.path(field).isTextual() || body.path(field).asText().isEmpty()) {
        return validationFailed("missing_field", field + " is missing");
      }
    }
    String owner = repository.substring(0, repository.indexOf('/'));
    String head = body.path("head").asText();
    if (head.startsWith(owner + ":")) {
      head = head.substring(owner.length() + 1);
    }
    for (PullRequest pr : of(repository)) {
      if (pr.head().equals(head) && pr.state().equals("open")) {
        return validationFailed("custom", "A pull request already exists for " + owner + ":" + head + ".");
      }
    }
    int number = of(repository).size() + 1;
    var pr = new PullRequest(number, head, body.path("base").asText(), body.path("title").asText(),
        body.path("body").isTextual() ? body.path("body").asText() : null, body.path("draft").asBoolean(false),
        webUrl() + "/" + repository + "/pull/" + number, "open");
    stored.add(new Stored(repository, pr));
    return new Answer(201, githubJson(repository, pr));
  }

  private Answer updateGithub(String repository, int number, JsonNode body) {
    return find(repository, number).map(pr -> {
      var updated = new PullRequest(pr.number(), pr.head(), text(body, "base", pr.base()), text(body, "title", pr.title()),
          text(body, "body", pr.body()), pr.draft(), pr.url(), text(body, "state", pr.state()));
      replace(repository, updated);
      return new Answer(200, githubJson(repository, updated));
    }).orElseGet(() -> error(404, "Not Found"));
  }

  private ObjectNode githubJson(String repository, PullRequest pr) {
    String owner = repository.substring(0, repository.indexOf('/'));
    ObjectNode json = JSON.createObjectNode()
        .put("id", 100000 + pr.number())
        .put("number", pr.number())
        .put("url", webUrl() + "/repos/" + repository + "/pulls/" + pr.number())
        .put("html_url", pr.url())
        .put("state", pr.state())
        .put("title", pr.title())
        .put("body", pr.body())
        .put("draft", pr.draft());
    json.putObject("head").put("ref", pr.head()).put("label", owner + ":" + pr.head());
    json.putObject("base").put("ref", pr.base()).put("label", owner + ":" + pr.base());
    return json;
  }

  private Answer validationFailed(String code, String message) {
    ObjectNode json = JSON.createObjectNode().put("message", "Validation Failed");
    json.putArray("errors").addObject().put("resource", "PullRequest").put("code", code).put("message", message);
    json.put("documentation_url", "https://docs.github.com/rest/pulls/pulls#create-a-pull-request");
    return new Answer(422, json);
  }

  // --- GitLab

  private Optional<Answer> gitlab(Request request, List<String> path, JsonNode body) {
    if (path.size() < 5 || !path.get(0).equals("api") || !path.get(1).equals("v4") || !path.get(2).equals("projects")) {
      return Optional.empty();
    }
    String project = decode(path.get(3));
    List<String> rest = path.subList(4, path.size());
    String method = request.method();
    if (rest.equals(List.of("merge_requests")) && method.equals("GET")) {
      return Optional.of(listGitlab(project, query(request.query())));
    }
    if (rest.equals(List.of("merge_requests")) && method.equals("POST")) {
      return Optional.of(openGitlab(project, body));
    }
    if (rest.size() == 2 && rest.get(0).equals("merge_requests") && method.equals("PUT")) {
      return number(rest.get(1)).map(iid -> updateGitlab(project, iid, body));
    }
    if (rest.size() == 3 && rest.get(0).equals("issues") && rest.get(2).equals("notes") && method.equals("POST")) {
      return number(rest.get(1)).map(iid -> comment(project, iid, body.path("body")));
    }
    return Optional.empty();
  }

  private Answer listGitlab(String project, Map<String, String> query) {
    String state = query.getOrDefault("state", "all");
    ArrayNode list = JSON.createArrayNode();
    for (PullRequest mr : of(project)) {
      boolean sourceMatches = !query.containsKey("source_branch") || query.get("source_branch").equals(mr.head());
      boolean targetMatches = !query.containsKey("target_branch") || query.get("target_branch").equals(mr.base());
      boolean stateMatches = state.equals("all") || state.equals(mr.state());
      if (sourceMatches && targetMatches && stateMatches) {
        list.add(gitlabJson(project, mr));
      }
    }
    return new Answer(200, list);
  }

  private Answer openGitlab(String project, JsonNode body) {
    for (String field : List.of("source_branch", "target_branch", "title")) {
      if (!body.path(field).isTextual() || body.path(field).asText().isEmpty()) {
        return new Answer(400, JSON.createObjectNode().put("error", field + " is missing"));
      }
    }
    String source = body.path("source_branch").asText();
    for (PullRequest mr : of(project)) {
      if (mr.head().equals(source) && mr.state().equals("opened")) {
        ObjectNode json = JSON.createObjectNode();
        json.putArray("message").add("Another open merge request already exists for this source branch: !" + mr.number());
        return new Answer(409, json);
      }
    }
    int iid = of(project).size() + 1;
    String title = body.path("title").asText();
    var mr = new PullRequest(iid, source, body.path("target_branch").asText(), title,
        body.path("description").isTextual() ? body.path("description").asText() : null, isDraft(title),
        webUrl() + "/" + project + "/-/merge_requests/" + iid, "opened");
    stored.add(new Stored(project, mr));
    return new Answer(201, gitlabJson(project, mr));
  }

  private Answer updateGitlab(String project, int iid, JsonNode body) {
    return find(project, iid).map(mr -> {
      String title = text(body, "title", mr.title());
      String state = switch (text(body, "state_event", "")) {
        case "close" -> "closed";
        case "reopen" -> "opened";
        default -> mr.state();
      };
      var updated = new PullRequest(mr.number(), mr.head(), text(body, "target_branch", mr.base()), title,
          text(body, "description", mr.body()), isDraft(title), mr.url(), state);
      replace(project, updated);
      return new Answer(200, gitlabJson(project, updated));
    }).orElseGet(() -> error(404, "404 Not found"));
  }

  private static boolean isDraft(String title) {
    return title.matches("(?i)^\\s*(\\[draft\\]|\\(draft\\)|draft:|draft\\s-|\\[wip\\]|wip:).*");
  }

  private ObjectNode gitlabJson(String project, PullRequest mr) {
    return JSON.createObjectNode()
        .put("id", 200000 + mr.number())
        .put("iid", mr.number())
        .put("project_id", 42)
        .put("web_url", mr.url())
        .put("state", mr.state())
        .put("title", mr.title())
        .put("description", mr.body())
        .put("source_branch", mr.head())
        .put("target_branch", mr.base())
        .put("draft", mr.draft())
        .put("work_in_progress", mr.draft());
  }

  // --- both

  private Answer comment(String repository, int issue, JsonNode text) {
    if (!text.isTextual() || text.asText().isEmpty()) {
      return kind == Kind.GITHUB ? validationFailed("missing_field", "body is missing")
          : new Answer(400, JSON.createObjectNode().put("error", "body is missing"));
    }
    int id = nextCommentId++;
    if (kind == Kind.GITHUB) {
      String url = webUrl() + "/" + repository + "/issues/" + issue + "#issuecomment-" + id;
      comments.add(new Comment(issue, text.asText(), url));
      return new Answer(201, JSON.createObjectNode().put("id", id).put("html_url", url).put("body", text.asText()));
    }
    // GitLab's note carries no URL; its web page is the issue's page with the note's anchor.
    String url = webUrl() + "/" + repository + "/-/issues/" + issue + "#note_" + id;
    comments.add(new Comment(issue, text.asText(), url));
    return new Answer(201, JSON.createObjectNode().put("id", id).put("body", text.asText()).put("noteable_type", "Issue")
        .put("noteable_iid", issue));
  }

  private List<PullRequest> of(String repository) {
    return stored.stream().filter(s -> s.repository().equals(repository)).map(Stored::pr).toList();
  }

  private void replace(String repository, PullRequest updated) {
    for (int i = 0; i < stored.size(); i++) {
      if (stored.get(i).repository().equals(repository) && stored.get(i).pr().number() == updated.number()) {
        stored.set(i, new Stored(repository, updated));
      }
    }
  }

  private Optional<PullRequest> find(String repository, int number) {
    return of(repository).stream().filter(pr -> pr.number() == number).findFirst();
  }

  private Answer error(int status, String message) {
    return new Answer(status, JSON.createObjectNode().put("message", message));
  }

  private static String text(JsonNode body, String field, String otherwise) {
    return body.path(field).isTextual() ? body.path(field).asText() : otherwise;
  }

  private static Optional<Integer> number(String segment) {
    try {
      return Optional.of(Integer.parseInt(segment));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The raw path's segments, still encoded (a GitLab project id is one segment with %2F in it). */
  private static List<String> segments(String rawPath) {
    return Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty()).toList();
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return params;
  }
}
