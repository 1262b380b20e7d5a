package io.gastown.operator.polecat;

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
  PushFailed,
  DeadlineExceeded,
  ImagePullFailed,
  OutOfMemory,
  PodEvicted,
  PodLost,
  ExecutorMissing
}
