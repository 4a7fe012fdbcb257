/**
 * How a container on an image whose tag contains `bad` fails, the same in ECS and Kubernetes: it
 * is killed for running out of memory every `CRASH_PERIOD_MS` after it starts. ECS stops the task
 * and starts a replacement at once; Kubernetes restarts the container in the same pod after a
 * `CRASH_BACKOFF_MS` CrashLoopBackOff.
 */
export const CRASH_PERIOD_MS = 120_000;

/** How long a killed container waits in CrashLoopBackOff before Kubernetes restarts it. */
export const CRASH_BACKOFF_MS = 30_000;

/** The exit code of a container the kernel killed for running out of memory (128 + SIGKILL). */
export const CRASH_EXIT_CODE = 137;

/** Whether an image tag is one the sandbox makes misbehave. */
export function isBadImageTag(tag: string): boolean {
  return tag.includes('bad');
}

/** How many times a container on a bad image started at `startedAt` was killed by `until`. */
export function crashesBetween(startedAt: Date, until: Date): number {
  return Math.max(
    0,
    Math.floor((until.getTime() - startedAt.getTime()) / CRASH_PERIOD_MS),
  );
}
