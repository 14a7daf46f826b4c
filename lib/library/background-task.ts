/**
 * Background-priority work in the worker: the library's CPU work that can wait
 * (preparing queued pages, building merged index segments) runs in
 * background-priority tasks, so IndexedDB callbacks, messages and searches go
 * first. Uses `scheduler.postTask` where the browser has it (Chrome, Firefox
 * 142+); elsewhere (Node in tests) tasks run at once and yields return at once.
 */

type PostTask = (task: () => void, options: { priority: 'background' }) => Promise<unknown>;
const postTask = (globalThis as { scheduler?: { postTask?: PostTask } }).scheduler?.postTask?.bind((globalThis as { scheduler?: object }).scheduler);

/** Runs `task` when nothing more urgent is waiting (or now, without a task scheduler). */
export function runInBackground(task: () => void): void {
  if (postTask) void postTask(task, { priority: 'background' }).catch(() => undefined);
  else task();
}

/** Lets more urgent tasks run before going on (a no-op without a task scheduler). */
export function yieldToUrgentWork(): Promise<void> {
  return postTask ? postTask(() => undefined, { priority: 'background' }).then(() => undefined) : Promise.resolve();
}
