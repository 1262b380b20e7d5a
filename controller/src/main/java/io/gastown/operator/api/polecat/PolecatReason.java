package io.gastown.operator.api.polecat;

/** Every reason a Polecat condition or event can carry. Closed: never built from exception text. */
public enum PolecatReason {
  PodCreated,
  TaskRunsCreated,
  Pending,
  Running,
  Completed,
  NoChanges,
  Idle,
  Terminated,
  InvalidSpec,
  SecretNotFound,
  SecretKeyMissing,
  PodNameTaken,
  CloneFailed,
  AuthFailed,
  AgentFailed,
  /** No taskDescription, and the bead is not in the repository's .beads/issues.jsonl: the agent never started. */
  BeadNotFound,
  /** Phase Stuck: the agent's stream stayed silent for the stuck threshold; the step stopped it. */
  AgentHung,
  /** Working=False, phase Pending: the rig's Witness runs a failed or stuck Polecat again (status.attempt). */
  Retrying,
  PushFailed,
  /** The push step found a secret value or an oversized file in the agent's changes and pushed nothing. */
  PushRefused,
  /** Ready=False: the service account the Polecat names is missing or not one agents may use. */
  ServiceAccountNotAllowed,
  /** Ready=False: settings.maxPolecats of the Polecat's Rig are working; it starts when a slot frees. */
  RigAtCapacity,
  /** Ready=False: the Polecats of its Rig have spent the Rig's settings.maxCostUSD. */
  RigBudgetExhausted,
  /** Condition CredentialsIsolated: every model credential reaches the agent through the credential proxy only. */
  CredentialsProxied,
  /** Condition CredentialsIsolated: the agent is given a .credentials.json, which it can read. */
  AgentReadsCredentials,
  DeadlineExceeded,
  /**
   * Working=False, phase Pending: the agent image cannot be pulled yet (ErrImagePull, ImagePullBackOff)
   * and the kubelet keeps trying; ImagePullFailed once the operator's image pull timeout passed.
   */
  ImagePullBackOff,
  ImagePullFailed,
  OutOfMemory,
  PodEvicted,
  PodLost,
  ExecutorMissing,
  /** Condition PullRequest=True: the forge step opened a pull request (merge request) from the pushed branch. */
  Opened,
  /** Condition PullRequest=True: a pull request from the branch was open already; the forge step updated it. */
  Updated,
  /** Condition PullRequest=True: the run pushed nothing; the forge step commented on spec.pullRequest.issue. */
  Commented,
  /** Condition PullRequest=False (and its Warning Event): the forge step failed; the message is the step's. */
  PullRequestFailed,
  /** Normal Event: a pull request was opened or updated; the message has its URL. */
  PullRequestOpened,
  /** Normal Event: the outcome of a run that pushed nothing was posted on the issue. */
  IssueCommented
}
